import { isDate, isPlainObject } from '../describeValue';

/**
 * MongoDB's (BSON) order for the values the port stores, so the embedded store sorts and compares
 * like production: missing/null < numbers < strings < objects < arrays < booleans < Dates.
 * Strings compare by UTF-8 bytes (MongoDB's default, no collation), not by UTF-16 units.
 */
export function compareValues(a: unknown, b: unknown): number {
  const [ra, rb] = [rank(a), rank(b)];
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 2:
      return sign((a as number) - (b as number));
    case 3:
      return compareStrings(a as string, b as string);
    case 4:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    case 5:
      return compareArrays(a as unknown[], b as unknown[]);
    case 8:
      return sign(Number(a) - Number(b));
    case 9:
      return sign((a as Date).getTime() - (b as Date).getTime());
    default:
      return 0;
  }
}

/** Equality as MongoDB matches it: deep, Dates by time, object fields in order. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const [ka, kb] = [Object.keys(a), Object.keys(b)];
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && valuesEqual(a[k], b[k]));
  }
  return false;
}

/**
 * UTF-8 byte order without encoding: it is code point order, which UTF-16 unit order matches
 * except where a surrogate (U+D800–DFFF) meets a unit from U+E000 up; only then encode. (Sorting
 * the ledger's timestamps and ids went through Buffer.from twice per comparison.)
 */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  if (i === n) return sign(a.length - b.length);
  const [x, y] = [a.charCodeAt(i), b.charCodeAt(i)];
  if (x < 0xd800 && y < 0xd800) return sign(x - y);
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function rank(v: unknown): number {
  if (v === undefined || v === null) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 5;
  if (typeof v === 'boolean') return 8;
  if (isDate(v)) return 9;
  return 4;
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

function compareArrays(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const [ka, kb] = [Object.keys(a), Object.keys(b)];
  for (let i = 0; i < Math.min(ka.length, kb.length); i += 1) {
    const [x, y] = [a[ka[i]!], b[kb[i]!]];
    const c = sign(rank(x) - rank(y)) || compareValues(ka[i], kb[i]) || compareValues(x, y);
    if (c !== 0) return c;
  }
  return sign(ka.length - kb.length);
}
