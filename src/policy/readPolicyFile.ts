import { PolicyError } from './PolicyError';

/**
 * Typed readers for the raw policy document. Each returns the value or throws a PolicyError
 * naming the key path, so a mistake in a hand-written policy is found at start-up.
 */
export type Raw = Record<string, unknown>;

export function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readObject(raw: unknown, path: string): Raw {
  if (!isObject(raw)) throw new PolicyError(path, 'a mapping', raw);
  return raw;
}

export function readString(raw: unknown, path: string, fallback?: string): string {
  if (raw === undefined && fallback !== undefined) return fallback;
  if (typeof raw !== 'string' || raw.length === 0) throw new PolicyError(path, 'a non-empty string', raw);
  return raw;
}

export function readBoolean(raw: unknown, path: string): boolean {
  if (raw === undefined) return false;
  if (typeof raw !== 'boolean') throw new PolicyError(path, 'true or false', raw);
  return raw;
}

export function readNumber(raw: unknown, path: string, range: { min: number; max: number }): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < range.min || raw > range.max) {
    throw new PolicyError(path, `a number from ${range.min} to ${range.max}`, raw);
  }
  return raw;
}

export function readStrings(raw: unknown, path: string): string[] {
  if (!Array.isArray(raw)) throw new PolicyError(path, 'a list of strings', raw);
  return raw.map((item, i) => readString(item, `${path}[${i}]`));
}

export function readOneOf<T extends string>(raw: unknown, path: string, allowed: readonly T[]): T {
  if (typeof raw !== 'string' || !allowed.includes(raw as T)) throw new PolicyError(path, `one of ${allowed.join(', ')}`, raw);
  return raw as T;
}

/** Refuses keys the policy format does not know: a typo must not silently drop a rule. */
export function checkKeys(raw: Raw, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) throw new PolicyError(`${path}.${key}`, `one of the keys ${allowed.join(', ')}`, key);
  }
}
