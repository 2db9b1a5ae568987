import { createHash } from 'node:crypto';
import type { Caller } from '../auth/Caller';
import { badInput } from '../errors';
import type { Profile } from '../sources/Connector';
import { normalizeIdentity } from '../sources/Identity';
import { identityTypeOfProfileField } from '../subjects/subjectFacts';

export function readReason(raw: unknown, at = 'reason', required = true): string | null {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    if (required) throw badInput(`${at}: expected a reason (1 to 500 characters), got none`);
    return null;
  }
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (typeof raw !== 'string' || raw.length > 500 || /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(raw)) throw badInput(`${at}: expected 1 to 500 printable characters`);
  return raw.trim();
}

/** The contract's EraseSubjectInput does not make a reason mandatory: a data subject need not give one. */
export const DEFAULT_ERASE_REASON = 'erasure requested by the data subject';

/** An erasure's reason: the default when left out, otherwise checked like any reason (a blank one is refused). */
export const readEraseReason = (raw: unknown, at = 'reason'): string => (raw === undefined || raw === null ? DEFAULT_ERASE_REASON : (readReason(raw, at) as string));

export function readIdempotencyKey(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string' || !/^[A-Za-z0-9._:-]{8,128}$/.test(raw)) throw badInput('idempotencyKey: expected 8 to 128 characters of letters, digits, ".", "_", ":" or "-"');
  return `key:${raw}`;
}

/** The ledger's key of a client's idempotency key (`key:<raw>` from readIdempotencyKey): unique per client. */
export const scopeIdempotencyKey = (caller: Caller, key: string): string => `client:${createHash('sha256').update(caller.client).digest('hex').slice(0, 32)}:${key}`;

/**
 * A callback URL must start with one of the configured allowlist prefixes (scheme, host, port
 * and path prefix compared on the parsed URL), and carry no credentials. Nothing else is
 * called: a caller cannot make the gateway reach loopback, link-local or metadata addresses.
 */
export function readCallbackUrl(raw: unknown, allowlist: readonly string[]): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string' || raw.length > 2048) throw badInput('callbackUrl: expected a URL of at most 2048 characters');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput('callbackUrl: expected an absolute http(s) URL');
  }
  if (url.username || url.password) throw badInput('callbackUrl: expected a URL without credentials');
  const allowed = allowlist.some((prefix) => {
    try {
      const p = new URL(prefix);
      // A prefix ends at a path segment: ".../dsr" allows ".../dsr" and ".../dsr/…", never ".../dsrx".
      const base = p.pathname.endsWith('/') ? p.pathname : `${p.pathname}/`;
      return p.protocol === url.protocol && p.host === url.host && (url.pathname === p.pathname || url.pathname.startsWith(base));
    } catch {
      return false;
    }
  });
  if (!allowed) throw badInput('callbackUrl: expected a URL under one of the configured callback prefixes (CALLBACK_ALLOWLIST)');
  return url.toString();
}

const LIMITS: Record<keyof Profile, number> = { name: 200, email: 254, phone: 32, address: 500 };

/** Rectification changes: at least one field; emails and phones canonical; no empty strings. */
export function readChanges(raw: unknown): Profile {
  if (typeof raw !== 'object' || raw === null) throw badInput('changes: expected an object with name, email, phone or address');
  const out: Profile = {};
  for (const [field, limit] of Object.entries(LIMITS) as Array<[keyof Profile, number]>) {
    const value = (raw as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value.trim() === '' || value.length > limit) throw badInput(`changes.${field}: expected 1 to ${limit} characters`);
    // Refused here, once, before any source is written: a NUL one source stores and another refuses splits the subject.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\u0000-\u001f\u007f]/.test(value)) throw badInput(`changes.${field}: expected text without control characters (NUL, line breaks, tabs)`);
    const type = identityTypeOfProfileField(field);
    if (type) {
      const identity = normalizeIdentity(type, value);
      if (identity instanceof Error) throw badInput(`changes.${field}: ${identity.message}`);
      out[field] = identity.value;
    } else out[field] = value.trim();
  }
  if (Object.keys(out).length === 0) throw badInput('changes: expected at least one of name, email, phone, address');
  return out;
}
