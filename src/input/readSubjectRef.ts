import { badInput } from '../errors';
import type { Identity, IdentityType } from '../sources/Identity';
import { IDENTITY_TYPES, normalizeIdentity } from '../sources/Identity';
import { IDENTITY_FACTS } from '../subjects/subjectFacts';
import { MAX_PSEUDONYM_LENGTH, PSEUDONYM_PREFIX } from '../subjects/purposePseudonyms';
import { textProblem } from './textProblem';

/** A SubjectRef as written: one identity in canonical form, or a pseudonym a depersonalized purpose was given. */
export type SubjectRefInput = Identity | { readonly pseudonym: string };

const FIELDS: ReadonlyArray<readonly [string, IdentityType | null]> = [...IDENTITY_TYPES.map((type) => [IDENTITY_FACTS[type].ref, type] as const), ['pseudonym', null]];
const PSEUDONYM = /^[A-Za-z0-9_-]+$/;

/** A SubjectRef from a client: exactly one of its fields, well-formed. BAD_USER_INPUT, naming the field and the rule, otherwise. */
export function readSubjectRef(ref: unknown, at = 'ref'): SubjectRefInput {
  if (typeof ref !== 'object' || ref === null) throw badInput(`${at}: expected a SubjectRef object, got ${ref === null ? 'null' : typeof ref}`);
  const set = FIELDS.filter(([field]) => (ref as Record<string, unknown>)[field] !== undefined && (ref as Record<string, unknown>)[field] !== null);
  if (set.length !== 1) throw badInput(`${at}: expected exactly one of ${FIELDS.map(([f]) => f).join(', ')}, got ${set.length === 0 ? 'none' : set.map(([f]) => f).join(' and ')}`);
  const [field, type] = set[0] as readonly [string, IdentityType | null];
  const raw = (ref as Record<string, unknown>)[field];
  if (type === null) return { pseudonym: readPseudonym(raw, `${at}.${field}`) };
  const identity = normalizeIdentity(type, raw);
  if (identity instanceof Error) throw badInput(`${at}.${field}: ${identity.message}`);
  return identity;
}

function readPseudonym(raw: unknown, at: string): string {
  if (typeof raw !== 'string') throw badInput(`${at}: expected a pseudonym string, got ${typeof raw}`);
  const problem = textProblem(raw);
  if (problem) throw badInput(`${at}: expected a pseudonym without control characters, got ${problem}`);
  if (raw.length > MAX_PSEUDONYM_LENGTH || !raw.startsWith(PSEUDONYM_PREFIX) || !PSEUDONYM.test(raw)) {
    throw badInput(`${at}: expected a pseudonym as this purpose received it ("${PSEUDONYM_PREFIX}…", letters, digits, "_" or "-", at most ${MAX_PSEUDONYM_LENGTH}), got ${raw.length} characters that are not one`);
  }
  return raw;
}
