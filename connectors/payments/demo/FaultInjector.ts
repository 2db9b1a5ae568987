import type { BodyFault } from './sendJson';

/** A failure to inject, as a real processor or its network produces them. */
export interface FaultSpec<Route extends string = string> {
  /** Wait this long before answering (a slow processor; the client's timeout should fire). */
  delayMs?: number;
  /** Answer with this error status instead of handling the request. */
  status?: 500 | 503 | 429;
  /** With `status`: sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** Handle the request, then drop the connection half-way through the body. */
  closeMidBody?: boolean;
  /** Handle the request, then answer 200 with a body that is not JSON. */
  malformedJson?: boolean;
  /** Fault this many requests, then recover. Unset: until `clear()`. */
  times?: number;
  /** Only these routes (e.g. 'POST /v1/payments/search'). Unset: every route. */
  routes?: Route[];
}

/** What the server does to one request. */
export interface Fault {
  delayMs: number;
  status?: 500 | 503 | 429;
  retryAfterSeconds?: number;
  body: BodyFault;
}

export interface Faults<Route extends string = string> {
  set(spec: FaultSpec<Route>): void;
  clear(): void;
}

const STATUSES: readonly number[] = [500, 503, 429];
const isCount = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;

function validate(spec: FaultSpec, routes: readonly string[]): void {
  const fail = (expected: string, got: unknown) => {
    throw new TypeError(`expected ${expected}, got ${JSON.stringify(got)}`);
  };
  if (spec.delayMs !== undefined && !isCount(spec.delayMs)) fail('delayMs to be a whole number of milliseconds', spec.delayMs);
  if (spec.status !== undefined && !STATUSES.includes(spec.status)) fail('status to be 500, 503 or 429', spec.status);
  if (spec.retryAfterSeconds !== undefined && (!isCount(spec.retryAfterSeconds) || spec.status === undefined)) fail('retryAfterSeconds to be a whole number of seconds, with a status', spec.retryAfterSeconds);
  if (spec.times !== undefined && (!isCount(spec.times) || spec.times === 0)) fail('times to be a positive whole number', spec.times);
  if ([spec.status !== undefined, spec.closeMidBody, spec.malformedJson].filter(Boolean).length > 1) fail('at most one of status, closeMidBody, malformedJson', spec);
  for (const route of spec.routes ?? []) if (!routes.includes(route)) fail(`routes among ${routes.join(', ')}`, route);
}

/**
 * Failure injection for tests, set programmatically (never over HTTP: a fault endpoint would be
 * an outage switch on a service that may run in docker-compose). One fault is active at a time.
 */
export function createFaultInjector<Route extends string>(routes: readonly Route[]): Faults<Route> & { take(route: Route): Fault | undefined } {
  let active: { spec: FaultSpec<Route>; remaining: number } | undefined;
  return {
    set(spec) {
      validate(spec, routes);
      active = { spec: { ...spec }, remaining: spec.times ?? Infinity };
    },
    clear() {
      active = undefined;
    },
    take(route) {
      if (!active || (active.spec.routes && !active.spec.routes.includes(route))) return undefined;
      const { spec } = active;
      if (--active.remaining <= 0) active = undefined;
      const body: BodyFault = spec.closeMidBody ? 'closeMidBody' : spec.malformedJson ? 'malformedJson' : undefined;
      return { delayMs: spec.delayMs ?? 0, status: spec.status, retryAfterSeconds: spec.retryAfterSeconds, body };
    },
  };
}
