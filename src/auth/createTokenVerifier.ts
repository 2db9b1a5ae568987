import { createSecretKey } from 'node:crypto';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { jwtVerify } from 'jose';
import type { Caller } from './Caller';
import { createJwks } from './createJwks';
import { UnauthenticatedError } from './UnauthenticatedError';
import { unverifiedSubject } from './unverifiedSubject';
import { VerifiedTokens } from './VerifiedTokens';

export interface TokenVerifierOptions {
  readonly secret: string;
  readonly jwksFile: string | null;
  readonly jwksUrl: string | null;
  /** Least time between two fetches of the remote key set (a token with an unknown `kid` triggers one). */
  readonly jwksCooldownMs: number;
  /** Where the roles are in the token: a dotted path, `roles` by default (Keycloak: `realm_access.roles`). */
  readonly rolesClaim: string;
  readonly issuer: string | null;
  readonly audience: string | null;
  /** GATEWAY_JWT_MAX_TTL: `exp − iat` (or `exp − now` without `iat`) may not exceed it. */
  readonly maxTtlSeconds: number;
}

/** The Authorization header as Node gives it distinct: several values are several headers. */
export type AuthorizationHeader = string | readonly string[] | undefined;

/** A caller's bearer token checked: the caller, or UNAUTHENTICATED. */
export type TokenVerifier = (authorization: AuthorizationHeader) => Promise<Caller>;

export const MAX_TOKEN_BYTES = 8192;
/** Clocks of issuer and gateway disagree a little: `nbf`, `iat` and `exp` are judged this leniently. */
export const CLOCK_TOLERANCE_SECONDS = 30;
export const MAX_SUB_LENGTH = 128;
export const MAX_ROLES = 32;
const ROLE = /^[a-z][a-z0-9_]{0,63}$/;
/** Verified tokens remembered (see VerifiedTokens), and for how long at most. */
export const VERIFIED_TOKENS = { max: 1024, maxAgeMs: 60_000 } as const;

/**
 * Verifies a caller's bearer token: HS256 with the shared secret, or RS256/ES256 against the
 * identity provider's keys (a JWKS URL or file). `alg: none`, a wrong signature, an expired or
 * not-yet-valid token (`nbf` or `iat` in the future), a lifetime over the maximum, two
 * Authorization headers, or malformed claims all end in UNAUTHENTICATED with no detail a forger
 * could use; the reason goes to the log via `cause`. An HS256 token that passed is remembered (by
 * its hash, until its `exp` and for a minute at most): a service's repeated token is verified once.
 */
export function createTokenVerifier(options: TokenVerifierOptions, clock: () => number = Date.now): TokenVerifier {
  // A key object made once: given raw bytes, jose makes one on every verification.
  const secret = createSecretKey(Buffer.from(options.secret, 'utf8'));
  const jwks: JWTVerifyGetKey | null = createJwks({ url: options.jwksUrl, file: options.jwksFile, cooldownMs: options.jwksCooldownMs });
  const common = { issuer: options.issuer ?? undefined, audience: options.audience ?? undefined, requiredClaims: ['sub', 'exp'], clockTolerance: CLOCK_TOLERANCE_SECONDS };
  const verified = new VerifiedTokens(VERIFIED_TOKENS);
  return async (authorization) => {
    const token = bearer(authorization);
    const now = clock();
    const known = verified.get(token, now);
    if (known !== null) return known;
    let payload: JWTPayload;
    let shared = false;
    try {
      const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
      const checks = { ...common, currentDate: new Date(now) };
      if ((header.alg === 'RS256' || header.alg === 'ES256') && jwks) payload = (await jwtVerify(token, jwks, { ...checks, algorithms: ['RS256', 'ES256'] })).payload;
      else {
        payload = (await jwtVerify(token, secret, { ...checks, algorithms: ['HS256'] })).payload;
        shared = true;
      }
    } catch (cause) {
      throw new UnauthenticatedError('the token is invalid or expired', unverifiedSubject(token), cause);
    }
    checkLifetime(payload, options.maxTtlSeconds, token, now);
    const caller = toCaller(payload, options.rolesClaim, token);
    // Only tokens of the shared secret, which changes with a restart alone: a key the identity
    // provider retires must stop its tokens at once (its set is fetched again on the next new kid).
    // Remembered until `exp` itself: the clock tolerance is for tokens met for the first time.
    if (shared) verified.set(token, caller, (payload.exp as number) * 1000, now);
    return caller;
  };
}

function bearer(authorization: AuthorizationHeader): string {
  const values = typeof authorization === 'string' ? [authorization] : (authorization ?? []);
  if (values.length > 1) throw new UnauthenticatedError('expected one Authorization header, got several', null);
  const value = values[0];
  if (!value) throw new UnauthenticatedError('expected an Authorization: Bearer <token> header', null);
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(value.trim());
  if (!match || !match[1]) throw new UnauthenticatedError('expected an Authorization: Bearer <JWT> header', null);
  if (match[1].length > MAX_TOKEN_BYTES) throw new UnauthenticatedError(`expected a token of at most ${MAX_TOKEN_BYTES} bytes`, null);
  return match[1];
}

/** jose checks `iat` only against a maximum age: a token issued in the future, or living too long, is refused here. */
function checkLifetime(payload: JWTPayload, maxTtlSeconds: number, token: string, nowMs: number): void {
  const now = Math.floor(nowMs / 1000);
  const { iat, exp } = payload;
  if (iat !== undefined && (typeof iat !== 'number' || iat > now + CLOCK_TOLERANCE_SECONDS)) throw new UnauthenticatedError('expected a token issued in the past (`iat`)', unverifiedSubject(token));
  const lifetime = (exp as number) - (typeof iat === 'number' ? iat : now);
  if (lifetime > maxTtlSeconds) throw new UnauthenticatedError(`expected a token lifetime of at most ${maxTtlSeconds} seconds (GATEWAY_JWT_MAX_TTL)`, unverifiedSubject(token));
}

function toCaller(payload: JWTPayload, rolesClaim: string, token: string): Caller {
  const roles = rolesOf(payload, rolesClaim);
  if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > MAX_SUB_LENGTH) throw new UnauthenticatedError(`expected a \`sub\` claim of 1 to ${MAX_SUB_LENGTH} characters`, null);
  if (!Array.isArray(roles) || roles.length > MAX_ROLES || !roles.every((r) => typeof r === 'string' && ROLE.test(r))) {
    throw new UnauthenticatedError('expected a `roles` claim: a list of role names', unverifiedSubject(token));
  }
  return { client: payload.sub, roles: roles as string[] };
}

/**
 * The roles at `claim`. Our own `roles` claim must hold role names only; an identity provider's
 * claim also lists the provider's own roles (Keycloak's `default-roles-<realm>`), which no policy
 * can name: those are left out rather than refusing the token.
 */
function rolesOf(payload: JWTPayload, claim: string): unknown {
  if (claim === 'roles') return payload.roles;
  let value: unknown = payload;
  for (const key of claim.split('.')) value = typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(value) ? value.filter((r) => typeof r === 'string' && ROLE.test(r)) : value;
}

