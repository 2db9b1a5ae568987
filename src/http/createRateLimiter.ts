import type { RateLimit } from '../policy/Policy';

export interface RateLimiter {
  /**
   * Takes `cost` tokens from `client`'s bucket: null when granted, else the seconds until it would
   * be. Any cost passes while the bucket holds a token, and may leave it in debt: one large batch
   * is possible, and the client then waits until the debt is refilled, so over time no client
   * looks up more than `burst` plus `perMinute` a minute, however it sizes its batches.
   */
  take(client: string, cost: number): number | null;
}

/** Idle clients' full buckets are forgotten past this many clients: memory stays bounded. */
const MAX_BUCKETS = 10_000;

/** A token bucket per client, sized by the policy's `rateLimit` (none: every take is granted). Per gateway instance. */
export function createRateLimiter(limit: RateLimit | null, now: () => number = Date.now): RateLimiter {
  if (!limit) return { take: () => null };
  const perMs = limit.perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (bucket: { tokens: number; at: number }, t: number) => Math.min(limit.burst, bucket.tokens + (t - bucket.at) * perMs);
  const sweep = (t: number) => {
    for (const [client, bucket] of buckets) if (level(bucket, t) >= limit.burst) buckets.delete(client);
  };
  return {
    take: (client, cost) => {
      const t = now();
      let bucket = buckets.get(client);
      if (!bucket) {
        if (buckets.size >= MAX_BUCKETS) sweep(t);
        bucket = { tokens: limit.burst, at: t };
        buckets.set(client, bucket);
      }
      const tokens = level(bucket, t);
      if (tokens < 1) return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
      bucket.tokens = tokens - cost;
      bucket.at = t;
      return null;
    },
  };
}
