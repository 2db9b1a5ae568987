import { decodeJwt } from 'jose';

const PRINTABLE_SUB = /^[\x21-\x7e]{1,128}$/;

/** The `sub` a token claims, unverified: only for attributing a refusal, never for access. */
export function unverifiedSubject(token: string | null): string | null {
  if (!token) return null;
  try {
    const sub = decodeJwt(token).sub;
    return typeof sub === 'string' && PRINTABLE_SUB.test(sub) ? sub : null;
  } catch {
    return null;
  }
}
