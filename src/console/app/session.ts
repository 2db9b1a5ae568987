import type { Credentials } from './api';

/** What the console knows of the signed-in officer: the token's own claims, unverified (the gateway verifies). */
export interface Session extends Credentials {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly expiresAt: Date | null;
}

const TOKEN = 'console:token';
const PURPOSE = 'console:purpose';

export class TokenFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenFormatError';
  }
}

/** The value at a dotted claim path (`realm_access.roles`), as the gateway reads GATEWAY_ROLES_CLAIM. */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), claims);
}

/** The claims of a JWT (pasted, or the identity provider's access token), for display and for the purposes on offer. */
export function readClaims(token: string, rolesClaim = 'roles'): { subject: string; roles: string[]; expiresAt: Date | null } {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenFormatError(`expected a JWT (three parts separated by dots), got ${parts.length} part(s)`);
  let claims: Record<string, unknown> & { sub?: unknown; exp?: unknown };
  try {
    const base64 = (parts[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as typeof claims;
  } catch {
    throw new TokenFormatError('expected a JWT whose middle part is base64url JSON, got something else');
  }
  const listed = claimAt(claims, rolesClaim);
  const roles = Array.isArray(listed) ? listed.filter((r): r is string => typeof r === 'string') : [];
  return { subject: typeof claims.sub === 'string' ? claims.sub : '(no subject)', roles, expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null };
}

/**
 * Token and purpose live in sessionStorage: they last as long as the browser tab, as in the
 * explorer, and never reach disk for months.
 */
export function storedSession(rolesClaim: string): Session | null {
  const token = sessionStorage.getItem(TOKEN);
  const purpose = sessionStorage.getItem(PURPOSE);
  if (!token || !purpose) return null;
  try {
    return { token, purpose, ...readClaims(token, rolesClaim) };
  } catch (error) {
    if (error instanceof TokenFormatError) return null;
    throw error;
  }
}

export function saveSession(session: Credentials): void {
  sessionStorage.setItem(TOKEN, session.token);
  sessionStorage.setItem(PURPOSE, session.purpose);
}

export function clearSession(): void {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(PURPOSE);
}
