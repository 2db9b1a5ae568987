import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a browser client sends: the token, the purpose, a JSON body, Apollo's preflight headers. */
const ALLOWED_HEADERS = 'authorization, content-type, x-purpose, apollo-require-preflight, x-apollo-operation-name';

/**
 * CORS for the origins of `CORS_ORIGINS` only (none by default): an allowed origin gets its own
 * origin back (never `*`: the responses hold personal data) and a preflight is answered here with
 * 204. Any other origin gets no CORS header, so the browser withholds the response. Tokens travel
 * in `Authorization`, not cookies, so credentials are never allowed. Returns true when the
 * request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, origins: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || !origins.has(origin)) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', 'x-request-id');
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  res.writeHead(204, { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': ALLOWED_HEADERS, 'access-control-max-age': '600', 'content-length': '0' });
  res.end();
  return true;
}
