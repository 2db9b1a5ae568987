import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROCESSOR_LIMITS } from '../ProcessorApi';
import { ApiError } from './ApiError';
import type { Faults } from './FaultInjector';
import { createFaultInjector } from './FaultInjector';
import type { RouteName } from './processorRoutes';
import { createProcessorRoutes, ROUTE_NAMES } from './processorRoutes';
import type { SeedData } from './ProcessorStore';
import { createProcessorStore } from './ProcessorStore';
import { readJsonBody } from './readJsonBody';
import type { RouteStats } from './RouteStats';
import { createRouteStats } from './RouteStats';
import { sendJson } from './sendJson';

export interface DemoProcessorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  apiKey: string;
  /** Where the datafiles live; null keeps everything in memory. */
  dataDir: string | null;
}

export interface DemoProcessor {
  /** Base URL without a trailing slash: `http://127.0.0.1:43121`. */
  readonly url: string;
  /** Closes the server (and open connections) and compacts the datafiles. Idempotent. */
  stop(): Promise<void>;
  /** Inserts customers and payments directly; missing fields take defaults (now, 'succeeded', unrestricted). */
  seed(data: SeedData): Promise<{ customers: number; payments: number }>;
  /** Whether the data dir holds nothing yet: seed demo data only then, never over real changes. */
  isEmpty(): Promise<boolean>;
  /** Requests per route, counted at the processor. */
  readonly stats: RouteStats<RouteName>;
  /** Failure injection for tests: programmatic only, never reachable over HTTP. */
  readonly faults: Faults<RouteName>;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** `Authorization: Bearer <apiKey>`, compared in constant time. Public routes accept no header, not a wrong one. */
function authenticate(req: IncomingMessage, options: { expected: Buffer; isPublic: boolean }): void {
  const header = req.headers.authorization;
  if (header === undefined && options.isPublic) return;
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (token !== undefined && timingSafeEqual(digest(token), options.expected)) return;
  throw new ApiError({
    status: 401,
    type: 'authentication_error',
    message: `expected Authorization: Bearer <api key>, got ${header === undefined ? 'no Authorization header' : 'a key that is not valid'}`,
    headers: { 'WWW-Authenticate': 'Bearer realm="processor"' },
  });
}

const faultError = (status: 500 | 503 | 429, retryAfterSeconds: number | undefined): ApiError =>
  new ApiError({
    status,
    type: status === 429 ? 'rate_limit_error' : 'api_error',
    message: status === 429 ? 'too many requests' : 'the processor failed to handle the request',
    headers: retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
  });

/**
 * A small payment processor with a Stripe-like REST API (routes in `processorRoutes.ts`),
 * the system the payments connector is built and tested against, and the docker-compose
 * `processor` service (`main.ts`). It keeps its own data; nothing of the gateway's is shared.
 */
export async function startDemoProcessor(options: DemoProcessorOptions): Promise<DemoProcessor> {
  if (typeof options.apiKey !== 'string' || options.apiKey.length === 0) throw new TypeError(`expected apiKey to be a non-empty string, got ${typeof options.apiKey}`);
  const store = await createProcessorStore({ dataDir: options.dataDir });
  const routes = createProcessorRoutes(store);
  const stats = createRouteStats<RouteName>();
  const faults = createFaultInjector<RouteName>(ROUTE_NAMES);
  const expected = digest(options.apiKey);
  const lifetime = new AbortController();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://processor.invalid');
    const candidates = routes.filter((r) => r.pattern.test(url.pathname));
    const route = candidates.find((r) => r.method === req.method);
    if (!route) {
      stats.record('unmatched');
      if (candidates.length === 0) throw ApiError.invalid(`expected a known route, got ${req.method} ${url.pathname}`, 404);
      throw new ApiError({ status: 405, type: 'invalid_request_error', message: `expected ${candidates.map((r) => r.method).join(' or ')}, got ${req.method}`, headers: { Allow: candidates.map((r) => r.method).join(', ') } });
    }
    stats.record(route.name);
    authenticate(req, { expected, isPublic: route.isPublic });
    const fault = faults.take(route.name);
    if (fault && fault.delayMs > 0) await sleep(fault.delayMs, undefined, { signal: lifetime.signal });
    if (fault?.status) throw faultError(fault.status, fault.retryAfterSeconds);
    const body = route.hasBody ? await readJsonBody(req, PROCESSOR_LIMITS.maxBodyBytes) : undefined;
    const value = await route.handle({ id: route.pattern.exec(url.pathname)?.[1] ?? '', query: url.searchParams, body });
    sendJson(res, { status: 200, value, fault: fault?.body });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (lifetime.signal.aborted) return void res.destroy();
      if (!(error instanceof ApiError)) console.error('processor: unexpected failure', error);
      const e = error instanceof ApiError ? error : new ApiError({ status: 500, type: 'api_error', message: 'internal error' });
      // A refused body may be only partly read: close rather than parse the rest as a next request.
      const headers = e.status === 413 ? { ...e.headers, Connection: 'close' } : e.headers;
      sendJson(res, { status: e.status, value: { error: { type: e.type, message: e.message } }, headers });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop: () =>
      (stopped ??= (async () => {
        lifetime.abort();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await store.close();
      })()),
    seed: (data) => store.seed(data),
    isEmpty: () => store.isEmpty(),
    stats,
    faults,
  };
}
