import { badInput } from '../errors';

/** 8 to 128 of letters, digits, ".", "_", ":" or "-": nothing a store or a path could read as syntax. */
export function readIdempotencyKey(raw: unknown, at = 'idempotencyKey'): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string' || !/^[A-Za-z0-9._:-]{8,128}$/.test(raw)) throw badInput(`${at}: expected 8 to 128 characters of letters, digits, ".", "_", ":" or "-"`);
  return `key:${raw}`;
}
