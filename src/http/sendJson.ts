import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** A GraphQL-shaped rejection: no data, one error with the contract's code. */
export function sendGraphQLError(res: ServerResponse, options: { status: number; code: string; message: string; requestId: string; headers?: Record<string, string> }): void {
  sendJson(res, options.status, { errors: [{ message: options.message, extensions: { code: options.code, requestId: options.requestId } }] }, options.headers);
}
