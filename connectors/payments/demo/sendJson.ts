import type { ServerResponse } from 'node:http';

/** How a response body is spoiled on purpose (fault injection); undefined sends it whole. */
export type BodyFault = 'closeMidBody' | 'malformedJson' | undefined;

/**
 * Sends `value` as JSON. The two faults imitate what a real processor's network does to a
 * client: the connection dropping after half the body (with the full Content-Length promised),
 * or a 200 whose body is not JSON.
 */
export function sendJson(res: ServerResponse, options: { status: number; value: unknown; headers?: Record<string, string>; fault?: BodyFault }): void {
  if (res.headersSent || res.destroyed) return;
  const full = Buffer.from(JSON.stringify(options.value));
  const body = options.fault === 'malformedJson' ? Buffer.from(full.toString('utf8', 0, Math.ceil(full.length / 2)) + '<html>') : full;
  res.writeHead(options.status, {
    ...options.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(options.fault === 'closeMidBody' ? full.length : body.length),
    'Cache-Control': 'no-store',
  });
  if (options.fault === 'closeMidBody') {
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
    return;
  }
  res.end(body);
}
