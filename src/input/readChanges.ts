import { badInput } from '../errors';
import type { Profile } from '../sources/Connector';
import { normalizeIdentity } from '../sources/Identity';
import { identityTypeOfProfileField } from '../subjects/subjectFacts';
import { readText } from './readText';

const LIMITS: Record<keyof Profile, number> = { name: 200, email: 254, phone: 32, address: 500 };

/**
 * Rectification changes: at least one field; emails and phones canonical, by the identity table's
 * rules; no empty strings, no control characters. Refused here, once, before any source is
 * written: a NUL one source stores and another refuses splits the subject.
 */
export function readChanges(raw: unknown, at = 'changes'): Profile {
  if (typeof raw !== 'object' || raw === null) throw badInput(`${at}: expected an object with name, email, phone or address`);
  const out: Profile = {};
  for (const [field, max] of Object.entries(LIMITS) as Array<[keyof Profile, number]>) {
    const given = (raw as Record<string, unknown>)[field];
    if (given === undefined || given === null) continue;
    const value = readText(given, { at: `${at}.${field}`, max, required: true }) as string;
    const type = identityTypeOfProfileField(field);
    if (!type) {
      out[field] = value;
      continue;
    }
    const identity = normalizeIdentity(type, value);
    if (identity instanceof Error) throw badInput(`${at}.${field}: ${identity.message}`);
    out[field] = identity.value;
  }
  if (Object.keys(out).length === 0) throw badInput(`${at}: expected at least one of name, email, phone, address`);
  return out;
}
