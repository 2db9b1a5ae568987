import { RefusedValueError, SourceUnavailableError, TransientSourceError } from '../../src/errors';
import { parseRetryAfter } from './parseRetryAfter';
import type { RestRequest } from './RestRequest';

export interface RestClientOptions {
  /** Source name, for errors. */
  readonly source: string;
  /** The API root, checked, without a trailing slash. */
  readonly url: string;
  /** Sent on every call, the auth header among them: never in a message. */
  readonly headers: Readonly<Record<string, string>>;
  /** Bound on each HTTP exchange, headers and body together. */
  readonly timeoutMs: number;
}

/**
 * HTTP for a declared REST source. Every failure is one of three classes, so the engine and the
 * DSR worker decide without parsing text: `TransientSourceError` (network failure, connection
 * refused or closed mid-body, timeout or the caller's abort, JSON that does not parse, 429 and
 * 5xx with their Retry-After as `retryAfterMs`) is worth retrying; `RefusedValueError` (400, 413,
 * 414, 422: the values sent) is a per-key refusal; `SourceUnavailableError` (any other status,
 * a redirect, a closed client) is not. Messages name the route template and
 * the status only: never a body, the filled path (it holds ids) or a header (it holds the key).
 */
export interface RestClient {
  /** The parsed JSON of a 2xx answer (undefined for an empty one); with `notFoundAsNull`, null for a 404. */
  send(request: RestRequest, options?: { signal?: AbortSignal; notFoundAsNull?: boolean }): Promise<unknown>;
  /** Aborts calls in flight; later ones fail. */
  close(): void;
}

/** Bad request, too large, URI too long, unprocessable: what was sent, not the source. */
const REFUSED_STATUSES = new Set([400, 413, 414, 422]);

/** An answer this large is not one a search page should be: refuse it rather than buffer it. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

async function readText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new RangeError(`expected an answer of at most ${MAX_RESPONSE_BYTES} bytes, got more`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createRestClient(options: RestClientOptions): RestClient {
  const { source, timeoutMs } = options;
  const closed = new AbortController();
  const transient = (message: string, extra: { cause?: unknown; retryAfterMs?: number } = {}) => new TransientSourceError(`${source}: ${message}`, extra);
  const permanent = (message: string, cause?: unknown) => new SourceUnavailableError(source, new Error(message, cause === undefined ? undefined : { cause }));

  function refusal(request: RestRequest, response: Response): Error {
    const { status } = response;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    if (status === 429) return transient(`expected ${request.route} to be accepted, got 429 (rate limited)`, { retryAfterMs });
    if (status >= 500) return transient(`expected a 2xx answer to ${request.route}, got ${status}`, { retryAfterMs });
    // The API refused what this request carried (a value, its length), not the gateway's access to it.
    if (REFUSED_STATUSES.has(status)) return new RefusedValueError(`${source}: expected ${request.route} to accept the values sent, got ${status}`);
    return permanent(`expected a 2xx answer to ${request.route}, got ${status}`);
  }

  async function exchange(request: RestRequest, signal: AbortSignal | undefined, notFoundAsNull: boolean): Promise<unknown> {
    if (closed.signal.aborted) throw permanent(`expected an open client for ${request.route}, got a closed one`);
    const timeout = AbortSignal.timeout(timeoutMs);
    const any = AbortSignal.any(signal ? [closed.signal, timeout, signal] : [closed.signal, timeout]);
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    let text: string;
    try {
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      // Redirects are not followed: the auth header must reach only the declared API.
      const response = await fetch(options.url + request.path, { method: request.method, headers, body, signal: any, redirect: 'manual' });
      if (response.status === 404 && notFoundAsNull) {
        await response.body?.cancel();
        return null;
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel();
        throw refusal(request, response);
      }
      text = await readText(response);
    } catch (error) {
      if (error instanceof TransientSourceError || error instanceof SourceUnavailableError || error instanceof RefusedValueError) throw error;
      if (closed.signal.aborted) throw permanent(`expected ${request.route} to finish, got the client closed`, error);
      if (timeout.aborted) throw transient(`expected an answer to ${request.route} within ${timeoutMs} ms, got none`, { cause: error });
      if (signal?.aborted) throw transient(`expected an answer to ${request.route} before the caller's deadline, got none`, { cause: error });
      if (error instanceof RangeError) throw permanent(error.message);
      throw transient(`expected a complete answer to ${request.route}, got a network failure`, { cause: error });
    }
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // The parse error quotes the body: leave it out.
      throw transient(`expected JSON from ${request.route}, got ${text.length} characters that do not parse`);
    }
  }

  return {
    send: (request, o = {}) => exchange(request, o.signal, o.notFoundAsNull ?? false),
    close: () => closed.abort(),
  };
}
