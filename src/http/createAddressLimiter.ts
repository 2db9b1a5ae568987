import type { IncomingMessage } from 'node:http';
import { rateLimited } from '../errors';
import type { RateLimit } from '../policy/Policy';
import { addressKey } from './addressKey';
import { createRateLimiter } from './createRateLimiter';

/**
 * The check that runs before a token is verified: each remote address draws one token per
 * request from its own bucket, and a dry bucket is RATE_LIMITED without a signature being
 * checked, so a flood of forged tokens is cheap to refuse. Keyed by the socket's address only:
 * the gateway has no trusted-proxy setting, and X-Forwarded-For, which anyone can write, would
 * let a flood name a fresh bucket per request. The per-client limit after verification stays.
 */
export function createAddressLimiter(limit: RateLimit | null): (req: IncomingMessage) => void {
  const limiter = createRateLimiter(limit);
  return (req) => {
    const wait = limiter.take(addressKey(req.socket.remoteAddress), 1);
    if (wait !== null) throw rateLimited(wait);
  };
}
