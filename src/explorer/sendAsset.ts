import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { explorerCsp } from './explorerCsp';

/** One file a page of the gateway serves (the explorer's, the console's), held in memory with its validators. */
export interface StaticAsset {
  readonly body: Buffer;
  /** The same bytes gzipped, for browsers that accept it (GraphiQL is ~1 MB, ~0.3 MB gzipped). */
  readonly gzip: Buffer;
  readonly contentType: string;
  /** Strong validator over the uncompressed bytes. */
  readonly etag: string;
}

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

export function toAsset(body: string | Buffer, contentType: string): StaticAsset {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  return { body: bytes, gzip: gzipSync(bytes), contentType, etag };
}

/** A static asset with its ETag (a 304 when the browser holds it), gzipped when accepted. */
export function sendAsset(req: IncomingMessage, res: ServerResponse, asset: StaticAsset): void {
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'content-type': asset.contentType,
    'content-security-policy': explorerCsp(null),
    etag: asset.etag,
    // Revalidate every time (a cheap 304): after an upgrade a browser never mixes old and new files.
    'cache-control': 'no-cache',
    vary: 'Accept-Encoding',
  };
  if (matchesEtag(req.headers['if-none-match'], asset.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const gzip = acceptsGzip(req.headers['accept-encoding']);
  const body = gzip ? asset.gzip : asset.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return coding === 'gzip' && (q === undefined || Number(q.slice(2)) > 0);
  });
}
