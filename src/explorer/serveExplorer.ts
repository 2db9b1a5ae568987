import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ASSET_BASE, EXPLORER_PATH, explorerAssets } from './explorerAssets';
import { explorerCsp } from './explorerCsp';
import { explorerPage } from './explorerPage';
import { prefersHtml } from './prefersHtml';
import { SECURITY_HEADERS, sendAsset } from './sendAsset';

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
