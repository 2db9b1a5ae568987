import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExplorerAsset } from './explorerAssets';
import { ASSET_BASE, EXPLORER_PATH, explorerAssets } from './explorerAssets';
import { explorerCsp } from './explorerCsp';
import { explorerPage } from './explorerPage';
import { prefersHtml } from './prefersHtml';

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/**
 * Serves the explorer: the GraphiQL page for a browser's GET /graphql (Accept prefers text/html),
 * and its assets under /explorer/, all from this process. Returns false, having written nothing,
 * for anything else (a GraphQL GET, an unknown asset, another method) so the caller routes it on.
 */
export function serveExplorer(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const pathname = new URL(req.url ?? '/', 'http://gateway').pathname;
  if (pathname === EXPLORER_PATH) {
    if (!prefersHtml(req.headers.accept)) return false;
    sendPage(req, res);
    return true;
  }
  if (!pathname.startsWith(ASSET_BASE)) return false;
  const asset = explorerAssets().get(pathname);
  if (!asset) return false;
  sendAsset(req, res, asset);
  return true;
}

function sendPage(req: IncomingMessage, res: ServerResponse): void {
  const styleNonce = randomBytes(16).toString('base64');
  const body = Buffer.from(explorerPage({ title: 'privacy-gateway explorer', assetBase: ASSET_BASE, styleNonce }), 'utf8');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'content-security-policy': explorerCsp(styleNonce),
    // A nonce is single-use, and /graphql answers JSON or this page by Accept: never cache it.
    'cache-control': 'no-store',
    vary: 'Accept',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: ExplorerAsset): void {
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
