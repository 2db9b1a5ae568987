import { badInput } from '../../src/errors';
import type { Profile } from '../../src/sources/Connector';
import { normalizeIdentity } from '../../src/sources/Identity';

const LIMITS = { name: 200, address: 500 } as const;
const FIELDS = ['name', 'email', 'phone', 'address'] as const;

/**
 * Validates a rectification and returns the values to write (emails and phones canonical, so the
 * subject stays findable) and the names of the fields changed. `undefined` leaves a field alone;
 * `null` clears it. Invalid input is a BAD_USER_INPUT GatewayError saying what was expected.
 */
export function rectifyChanges(changes: unknown): { set: Partial<Record<keyof Profile, string | null>>; fields: Array<keyof Profile> } {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw badInput(`expected changes to be an object with ${FIELDS.join(', ')}, got ${changes === null ? 'null' : Array.isArray(changes) ? 'an array' : typeof changes}`);
  }
  const set: Partial<Record<keyof Profile, string | null>> = {};
  for (const [field, value] of Object.entries(changes)) {
    if (!(FIELDS as readonly string[]).includes(field)) throw badInput(`expected changes among ${FIELDS.join(', ')}, got "${field.slice(0, 40)}"`);
    if (value === undefined) continue;
    set[field as keyof Profile] = value === null ? null : canonical(field as keyof Profile, value);
  }
  return { set, fields: Object.keys(set) as Array<keyof Profile> };
}

function canonical(field: keyof Profile, value: unknown): string {
  if (field === 'email' || field === 'phone') {
    const identity = normalizeIdentity(field === 'email' ? 'EMAIL' : 'PHONE', value);
    if (identity instanceof Error) throw badInput(`changes.${field}: ${identity.message}`);
    return identity.value;
  }
  const limit = LIMITS[field];
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || text.length > limit) {
    throw badInput(`expected changes.${field} to be a non-empty string of at most ${limit} characters, got ${typeof value === 'string' ? `${text.length} characters` : typeof value}`);
  }
  return text;
}
