import { readFileSync } from 'node:fs';
import type { JWTVerifyGetKey } from 'jose';
import { createLocalJWKSet, createRemoteJWKSet } from 'jose';

/**
 * The identity provider's public keys: fetched from `GATEWAY_JWKS_URL` by jose's remote set —
 * cached, fetched again when a token names a `kid` the cache lacks (at most once per
 * `cooldownMs`) and every `cacheMaxAgeMs`, so a key rotation needs no restart — or read once
 * from `GATEWAY_JWKS_FILE`. Null when neither is configured (HS256 only).
 */
export function createJwks(options: { url: string | null; file: string | null; cooldownMs: number }): JWTVerifyGetKey | null {
  if (options.url) return createRemoteJWKSet(new URL(options.url), { cooldownDuration: options.cooldownMs, cacheMaxAge: 10 * 60_000, timeoutDuration: 5000 });
  if (options.file) return createLocalJWKSet(JSON.parse(readFileSync(options.file, 'utf8')));
  return null;
}
