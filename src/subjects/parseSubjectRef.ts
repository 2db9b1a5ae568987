import { badInput } from '../errors';
import type { Identity, IdentityType } from '../sources/Identity';
import { normalizeIdentity } from '../sources/Identity';

const FIELDS: ReadonlyArray<readonly [string, IdentityType]> = [
  ['email', 'EMAIL'],
  ['phone', 'PHONE'],
  ['customerId', 'CUSTOMER_ID'],
];

/** A SubjectRef from a client: exactly one identity, well-formed. BAD_USER_INPUT otherwise. */
export function parseSubjectRef(ref: unknown, at = 'ref'): Identity {
  if (typeof ref !== 'object' || ref === null) throw badInput(`${at}: expected a SubjectRef object, got ${ref === null ? 'null' : typeof ref}`);
  const set = FIELDS.filter(([field]) => (ref as Record<string, unknown>)[field] !== undefined && (ref as Record<string, unknown>)[field] !== null);
  if (set.length !== 1) throw badInput(`${at}: expected exactly one of email, phone, customerId, got ${set.length === 0 ? 'none' : set.map(([f]) => f).join(' and ')}`);
  const [field, type] = set[0] as readonly [string, IdentityType];
  const identity = normalizeIdentity(type, (ref as Record<string, unknown>)[field]);
  if (identity instanceof Error) throw badInput(`${at}.${field}: ${identity.message}`);
  return identity;
}
