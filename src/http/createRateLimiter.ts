import type { RateLimit } from '../policy/Policy';

export interface RateLimiter {
  /**
   * Takes `cost` tokens from `client`'s bucket: null when granted, else the seconds until it would
   * be. A cost above the burst passes on a full bucket and leaves it in debt, so one large call
   * is possible and a harvest of large calls is throttled all the same.
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
      const needed = Math.min(cost, limit.burst);
      if (tokens < needed) return Math.max(1, Math.ceil((needed - tokens) / perMs / 1000));
      bucket.tokens = tokens - cost;
      bucket.at = t;
      return null;
    },
  };
}
