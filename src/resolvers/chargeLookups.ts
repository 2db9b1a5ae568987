import type { RequestContext } from '../context';
import { rateLimited } from '../errors';

/** Each subject looked up takes a token from the caller's bucket: a harvest through `subjects` is throttled. */
export function chargeLookups(ctx: RequestContext, count: number): void {
  const wait = ctx.services.rateLimiter.take(ctx.caller.client, count);
  if (wait !== null) throw rateLimited(wait);
}
