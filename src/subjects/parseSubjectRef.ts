import { badInput } from '../errors';
import type { Identity, IdentityType } from '../sources/Identity';
import { IDENTITY_TYPES, normalizeIdentity } from '../sources/Identity';
import { IDENTITY_FACTS } from './subjectFacts';

const FIELDS: ReadonlyArray<readonly [string, IdentityType]> = IDENTITY_TYPES.map((type) => [IDENTITY_FACTS[type].ref, type] as const);

/** A SubjectRef from a client: exactly one identity, well-formed. BAD_USER_INPUT otherwise. */
export function parseSubjectRef(ref: unknown, at = 'ref'): Identity {
  if (typeof ref !== 'object' || ref === null) throw badInput(`${at}: expected a SubjectRef object, got ${ref === null ? 'null' : typeof ref}`);
  const set = FIELDS.filter(([field]) => (ref as Record<string, unknown>)[field] !== undefined && (ref as Record<string, unknown>)[field] !== null);
  if (set.length !== 1) throw badInput(`${at}: expected exactly one of ${FIELDS.map(([f]) => f).join(', ')}, got ${set.length === 0 ? 'none' : set.map(([f]) => f).join(' and ')}`);
  const [field, type] = set[0] as readonly [string, IdentityType];
  const identity = normalizeIdentity(type, (ref as Record<string, unknown>)[field]);
  if (identity instanceof Error) throw badInput(`${at}.${field}: ${identity.message}`);
  return identity;
}
