import { readFileSync } from 'node:fs';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { Caller } from './Caller';
import { UnauthenticatedError } from './UnauthenticatedError';
import { unverifiedSubject } from './unverifiedSubject';

export interface TokenVerifierOptions {
  readonly secret: string;
  readonly jwksFile: string | null;
  readonly issuer: string | null;
  readonly audience: string | null;
  /** GATEWAY_JWT_MAX_TTL: `exp − iat` (or `exp − now` without `iat`) may not exceed it. */
  readonly maxTtlSeconds: number;
}

/** The Authorization header as Node gives it distinct: several values are several headers. */
export type AuthorizationHeader = string | readonly string[] | undefined;

export const MAX_TOKEN_BYTES = 8192;
/** Clocks of issuer and gateway disagree a little: `nbf`, `iat` and `exp` are judged this leniently. */
export const CLOCK_TOLERANCE_SECONDS = 30;
export const MAX_SUB_LENGTH = 128;
export const MAX_ROLES = 32;
const ROLE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Verifies a caller's bearer token: HS256 with the shared secret, or RS256 against a JWKS file.
 * `alg: none`, a wrong signature, an expired or not-yet-valid token (`nbf` or `iat` in the
 * future), a lifetime over the maximum, two Authorization headers, or malformed claims all end in
 * UNAUTHENTICATED with no detail a forger could use; the reason goes to the log via `cause`.
 */
export function createTokenVerifier(options: TokenVerifierOptions): (authorization: AuthorizationHeader) => Promise<Caller> {
  const secret = new TextEncoder().encode(options.secret);
  const jwks: JWTVerifyGetKey | null = options.jwksFile ? createLocalJWKSet(JSON.parse(readFileSync(options.jwksFile, 'utf8'))) : null;
  const common = { issuer: options.issuer ?? undefined, audience: options.audience ?? undefined, requiredClaims: ['sub', 'exp'], clockTolerance: CLOCK_TOLERANCE_SECONDS };
  return async (authorization) => {
    const token = bearer(authorization);
    let payload: JWTPayload;
    try {
      const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
      if (header.alg === 'RS256' && jwks) payload = (await jwtVerify(token, jwks, { ...common, algorithms: ['RS256'] })).payload;
      else payload = (await jwtVerify(token, secret, { ...common, algorithms: ['HS256'] })).payload;
    } catch (cause) {
      throw new UnauthenticatedError('the token is invalid or expired', unverifiedSubject(token), cause);
    }
    checkLifetime(payload, options.maxTtlSeconds, token);
    return toCaller(payload, token);
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
function checkLifetime(payload: JWTPayload, maxTtlSeconds: number, token: string): void {
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = payload;
  if (iat !== undefined && (typeof iat !== 'number' || iat > now + CLOCK_TOLERANCE_SECONDS)) throw new UnauthenticatedError('expected a token issued in the past (`iat`)', unverifiedSubject(token));
  const lifetime = (exp as number) - (typeof iat === 'number' ? iat : now);
  if (lifetime > maxTtlSeconds) throw new UnauthenticatedError(`expected a token lifetime of at most ${maxTtlSeconds} seconds (GATEWAY_JWT_MAX_TTL)`, unverifiedSubject(token));
}

function toCaller(payload: JWTPayload, token: string): Caller {
  const roles = payload.roles;
  if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > MAX_SUB_LENGTH) throw new UnauthenticatedError(`expected a \`sub\` claim of 1 to ${MAX_SUB_LENGTH} characters`, null);
  if (!Array.isArray(roles) || roles.length > MAX_ROLES || !roles.every((r) => typeof r === 'string' && ROLE.test(r))) {
    throw new UnauthenticatedError('expected a `roles` claim: a list of role names', unverifiedSubject(token));
  }
  return { client: payload.sub, roles: roles as string[] };
}
