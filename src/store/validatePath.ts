import { quote } from './describeValue';

const SEGMENT = /^[^$.\0][^.\0]*$/;

/**
 * A field path as both adapters read it: dot-separated, no empty segment, no segment starting
 * with "$" (MongoDB would read it as an operator, nedb refuses it as a field name).
 */
export function validatePath(path: string, where: string): void {
  if (path.length === 0 || path.length > 512 || !path.split('.').every((s) => SEGMENT.test(s))) {
    throw new TypeError(`expected a field path like "status" or "items.sku" in ${where}, got ${quote(path)}`);
  }
}

/** Throws when one path repeats or lies inside another ("a" and "a.b"): MongoDB rejects those. */
export function assertDisjointPaths(paths: readonly string[], where: string): void {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i += 1) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (a === b || b.startsWith(`${a}.`)) {
      throw new TypeError(`expected each field path once in ${where}, got ${quote(a)} and ${quote(b)}`);
    }
  }
}
