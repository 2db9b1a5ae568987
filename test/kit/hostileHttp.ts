import http from 'node:http';

/**
 * Raw HTTP for hostile requests: headers as an ordered list of pairs, so a header can be sent
 * twice (fetch would join them), any method and any path reach the server unnormalised, and a
 * body can be streamed in chunks with no Content-Length.
 */
export interface RawRequest {
  readonly method?: string;
  /** Sent as is: `..`, `%2e` and `%00` are not normalised on this side. */
  readonly path?: string;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: string | Buffer;
  /** Stream the body in 64 KB chunks (Transfer-Encoding: chunked) instead of declaring its length. */
  readonly chunked?: boolean;
  /** The local address to send from (any of 127.0.0.0/8 reaches a loopback server): one remote address per simulated host. */
  readonly localAddress?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** The body as JSON, or null when it is not JSON. */
  readonly json: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
}

export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const headers: string[] = ['host', url.host];
  if (body && !request.chunked) headers.push('content-length', String(body.length));
  for (const [name, value] of request.headers ?? []) headers.push(name, value);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: request.method ?? 'POST', path: request.path ?? '/graphql', headers, agent: false, localAddress: request.localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
      });
      res.on('error', reject);
    });
    // The server may answer (413) and stop reading before the whole body is sent: not an error here.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (body && request.chunked) {
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
    } else if (body) req.write(body);
    req.end();
  });
}

function parseJson(text: string): RawResponse['json'] {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as RawResponse['json']) : null;
  } catch {
    return null;
  }
}
