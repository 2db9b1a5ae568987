import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { jwtVerify } from 'jose';
import { ErrorCode, GatewayError } from '../errors';
import type { Caller } from './Caller';
import { createJwks } from './createJwks';

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
}

const MAX_TOKEN_BYTES = 8192;
const ROLE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Verifies a caller's bearer token: HS256 with the shared secret, or RS256/ES256 against the
 * identity provider's keys (a JWKS URL or file).
 * `alg: none`, a wrong signature, an expired or not-yet-valid token, or malformed claims all
 * end in UNAUTHENTICATED with no detail a forger could use; the reason goes to the log via `cause`.
 */
export function createTokenVerifier(options: TokenVerifierOptions): (authorization: string | undefined) => Promise<Caller> {
  const secret = new TextEncoder().encode(options.secret);
  const jwks: JWTVerifyGetKey | null = createJwks({ url: options.jwksUrl, file: options.jwksFile, cooldownMs: options.jwksCooldownMs });
  const common = { issuer: options.issuer ?? undefined, audience: options.audience ?? undefined, requiredClaims: ['sub', 'exp'] };
  return async (authorization) => {
    const token = bearer(authorization);
    let payload: JWTPayload;
    try {
      const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
      if ((header.alg === 'RS256' || header.alg === 'ES256') && jwks) payload = (await jwtVerify(token, jwks, { ...common, algorithms: ['RS256', 'ES256'] })).payload;
      else payload = (await jwtVerify(token, secret, { ...common, algorithms: ['HS256'] })).payload;
    } catch (cause) {
      throw unauthenticated('the token is invalid or expired', cause);
    }
    return toCaller(payload, options.rolesClaim);
  };
}

function bearer(authorization: string | undefined): string {
  if (!authorization) throw unauthenticated('expected an Authorization: Bearer <token> header');
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization.trim());
  if (!match || !match[1]) throw unauthenticated('expected an Authorization: Bearer <JWT> header');
  if (match[1].length > MAX_TOKEN_BYTES) throw unauthenticated(`expected a token of at most ${MAX_TOKEN_BYTES} bytes`);
  return match[1];
}

function toCaller(payload: JWTPayload, rolesClaim: string): Caller {
  const roles = rolesOf(payload, rolesClaim);
  if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 128) throw unauthenticated('expected a `sub` claim of 1 to 128 characters');
  if (!Array.isArray(roles) || roles.length > 32 || !roles.every((r) => typeof r === 'string' && ROLE.test(r))) {
    throw unauthenticated('expected a `roles` claim: a list of role names');
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

const unauthenticated = (message: string, cause?: unknown) => new GatewayError(ErrorCode.UNAUTHENTICATED, message, { cause });
