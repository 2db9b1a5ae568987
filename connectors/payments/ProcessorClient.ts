import { SourceUnavailableError, TransientSourceError } from '../../src/errors';
import type { ProcessorRequest } from './processorRequests';

export interface ProcessorClientOptions {
  /** Source name for errors: "payments". */
  source: string;
  baseUrl: string;
  apiKey: string;
  /** Bound on each HTTP exchange, headers and body together. */
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

/**
 * Failures are one of two classes, so callers decide without parsing text:
 * `TransientSourceError` (timeout, network, connection closed mid-body, malformed JSON, 429
 * with its Retry-After, 5xx) is worth retrying; `SourceUnavailableError` (any other status) is
 * not. Messages name the route template and the status only: never the body, the URL's ids or
 * the key, which may be personal or secret.
 */
export interface ProcessorClient {
  /** The parsed JSON of a 2xx answer. */
  send<T>(request: ProcessorRequest, signal?: AbortSignal): Promise<T>;
  /** As `send`, with null for a 404 (the thing is gone: for an erasure, done). */
  sendOrNull<T>(request: ProcessorRequest, signal?: AbortSignal): Promise<T | null>;
  /** Aborts requests in flight; later ones fail. */
  close(): void;
}

/** A response this large is not one the API sends: refuse it rather than buffer it. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function checkOptions(options: ProcessorClientOptions): string {
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new TypeError('expected baseUrl to be an absolute http(s) URL, got text that does not parse as one');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`expected baseUrl to be an http(s) URL, got protocol ${url.protocol}`);
  if (url.username || url.password || url.search) throw new TypeError('expected baseUrl without credentials or query (the key goes in apiKey), got a URL with them');
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') throw new TypeError(`expected apiKey to be a non-empty string, got ${typeof options.apiKey === 'string' ? 'an empty one' : typeof options.apiKey}`);
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) throw new TypeError(`expected timeoutMs to be a positive number, got ${options.timeoutMs}`);
  return url.href.replace(/\/+$/, '');
}

async function readBody(response: Response): Promise<string> {
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
      throw new RangeError(`expected a response of at most ${MAX_RESPONSE_BYTES} bytes, got more`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createProcessorClient(options: ProcessorClientOptions): ProcessorClient {
  const base = checkOptions(options);
  const fetchImpl = options.fetchImpl ?? fetch;
  const closed = new AbortController();
  const { source, timeoutMs } = options;
  const transient = (message: string, extra: { cause?: unknown; retryAfterMs?: number } = {}) => new TransientSourceError(`${source}: ${message}`, extra);

  /** A refusal by status; undefined for 2xx (and for 404 when the caller takes it as "gone"). */
  function refusal(request: ProcessorRequest, response: Response): Error | undefined {
    const { status } = response;
    if (status >= 200 && status < 300) return undefined;
    if (status === 429) return transient(`expected ${request.route} to be accepted, got 429 (rate limited)`, { retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) });
    if (status >= 500) return transient(`expected a 2xx answer to ${request.route}, got ${status}`, { retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) });
    return new SourceUnavailableError(source, new Error(`expected a 2xx answer to ${request.route}, got ${status}`));
  }

  async function exchange(request: ProcessorRequest, o: { signal?: AbortSignal; notFoundAsNull: boolean }): Promise<unknown> {
    if (closed.signal.aborted) throw new SourceUnavailableError(source, new Error(`expected an open connector for ${request.route}, got a closed one`));
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any(o.signal ? [closed.signal, timeout, o.signal] : [closed.signal, timeout]);
    const headers: Record<string, string> = { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    let text: string;
    try {
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      // Redirects are not followed: the key must reach only the configured processor.
      const response = await fetchImpl(base + request.path, { method: request.method, headers, body, signal, redirect: 'manual' });
      if (response.status === 404 && o.notFoundAsNull) return void (await response.body?.cancel());
      const refused = refusal(request, response);
      if (refused) {
        await response.body?.cancel();
        throw refused;
      }
      text = await readBody(response);
    } catch (error) {
      if (error instanceof TransientSourceError || error instanceof SourceUnavailableError) throw error;
      if (closed.signal.aborted) throw new SourceUnavailableError(source, new Error(`expected ${request.route} to finish, got the connector closed`, { cause: error }));
      if (timeout.aborted || o.signal?.aborted) throw transient(`expected an answer to ${request.route} ${timeout.aborted ? `within ${timeoutMs} ms` : 'before the caller\'s deadline'}, got none`, { cause: error });
      if (error instanceof RangeError) throw new SourceUnavailableError(source, error);
      throw transient(`expected a complete answer to ${request.route}, got a network failure`, { cause: error });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // The parse error quotes the body: leave it out.
      throw transient(`expected JSON from ${request.route}, got ${text.length} bytes that do not parse`);
    }
  }

  return {
    send: async <T>(request: ProcessorRequest, signal?: AbortSignal) => (await exchange(request, { signal, notFoundAsNull: false })) as T,
    sendOrNull: async <T>(request: ProcessorRequest, signal?: AbortSignal) => ((await exchange(request, { signal, notFoundAsNull: true })) ?? null) as T | null,
    close: () => closed.abort(),
  };
}
