import { badInput } from '../../src/errors';
import type { Profile } from '../../src/sources/Connector';
import { normalizeIdentity } from '../../src/sources/Identity';
import type { TicketChanges } from './supportQueries';

const MAX_NAME = 200;

/**
 * A rectification's profile changes as the helpdesk stores them: name trimmed, email and phone
 * canonical; null clears a value. `address` is not held here and is ignored. Invalid values are
 * the caller's input: BAD_USER_INPUT saying what was expected (without echoing the value).
 */
export function toTicketChanges(changes: Profile): TicketChanges {
  if (typeof changes !== 'object' || changes === null) throw new TypeError(`expected changes to be an object, got ${changes === null ? 'null' : typeof changes}`);
  const result: { name?: string | null; email?: string | null; phone?: string | null } = {};
  if (changes.name !== undefined) result.name = name(changes.name);
  for (const [field, type] of [['email', 'EMAIL'], ['phone', 'PHONE']] as const) {
    const value = changes[field];
    if (value === undefined) continue;
    if (value === null) {
      result[field] = null;
      continue;
    }
    const canonical = normalizeIdentity(type, value);
    if (canonical instanceof Error) throw badInput(`changes.${field}: ${canonical.message}`, { field });
    result[field] = canonical.value;
  }
  return result;
}

function name(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw badInput(`changes.name: expected a string or null, got ${typeof value}`, { field: 'name' });
  const trimmed = value.trim();
  if (trimmed === '') throw badInput('changes.name: expected a non-empty name, got an empty string', { field: 'name' });
  if (trimmed.length > MAX_NAME) throw badInput(`changes.name: expected at most ${MAX_NAME} characters, got ${trimmed.length}`, { field: 'name' });
  return trimmed;
}
