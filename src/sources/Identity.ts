import { textProblem } from '../input/textProblem';
import { IDENTITY_FACTS, type IdentityTypeName } from '../subjects/subjectFacts';

/** The identifiers by which one person is known across sources (CONTRACT.md §5 `IdentityType`), in listing order. */
export const IDENTITY_TYPES = Object.keys(IDENTITY_FACTS) as IdentityTypeName[];
export type IdentityType = IdentityTypeName;

export interface Identity {
  readonly type: IdentityType;
  /** Always in canonical form: see `normalizeIdentity`. */
  readonly value: string;
}

const EMAIL = /^[^\s@"<>()[\]\\,;:]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const PHONE = /^\+[1-9][0-9]{6,14}$/;
const CUSTOMER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Canonical form, so that one person's identity compares equal whichever source revealed it:
 * emails lower-cased, phones as E.164 without separators. Returns an Error (not thrown) that
 * says what was expected and what came in, so callers at the boundary can turn it into
 * BAD_USER_INPUT and connectors can skip a malformed stored value.
 */
export function normalizeIdentity(type: IdentityType, raw: unknown): Identity | Error {
  if (typeof raw !== 'string') return new Error(`expected ${type} to be a string, got ${raw === null ? 'null' : typeof raw}`);
  if (raw.length > 254) return new Error(`expected ${type} of at most 254 characters, got ${raw.length}`);
  // A NUL passes the syntax below (it is no space), and one driver stores it where another refuses it.
  const problem = textProblem(raw);
  if (problem) return new Error(`expected ${type} without control characters, got ${problem}`);
  const trimmed = raw.trim();
  switch (type) {
    case 'EMAIL': {
      const value = trimmed.toLowerCase();
      return EMAIL.test(value) ? { type, value } : new Error('expected an email address like name@example.com');
    }
    case 'PHONE': {
      const value = trimmed.replace(/[\s().-]/g, '');
      return PHONE.test(value) ? { type, value } : new Error('expected a phone number in international format like +15555550100');
    }
    case 'CUSTOMER_ID':
      return CUSTOMER_ID.test(trimmed) ? { type, value: trimmed } : new Error('expected a customer id of letters, digits, "_" or "-" (at most 64)');
  }
}

/** A stable string key for maps and sets: `EMAIL:alice@example.com`. */
export const identityKey = (identity: Identity): string => `${identity.type}:${identity.value}`;

export function parseIdentityKey(key: string): Identity {
  const i = key.indexOf(':');
  return { type: key.slice(0, i) as IdentityType, value: key.slice(i + 1) };
}
