import { describeValue, isDate, isPlainObject, quote } from './describeValue';

const MAX_DEPTH = 64;

/**
 * A value both adapters store and compare identically: string, finite number, boolean, null,
 * valid Date, and arrays / plain objects of those. Anything else would be stored differently
 * (nedb drops `undefined` and turns NaN into null on reload; BSON keeps both) — or, in a filter,
 * change its meaning: `{ email: undefined }` matches everything in MongoDB and nothing in nedb.
 * Prefer ISO-8601 strings to Dates in the gateway: they sort and compare the same everywhere.
 */
export function validateValue(value: unknown, at: string, depth = 0): void {
  if (depth > MAX_DEPTH) throw new TypeError(`expected a value nested at most ${MAX_DEPTH} deep at ${quote(at)}, got deeper (a cycle?)`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  if (isDate(value) && !Number.isNaN(value.getTime())) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => validateValue(item, `${at}.${i}`, depth + 1));
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.length === 0 || key.startsWith('$') || key.includes('.')) {
        throw new TypeError(`expected field names without a leading "$" or a "." at ${quote(at)}, got ${quote(key)}`);
      }
      validateValue(item, `${at}.${key}`, depth + 1);
    }
    return;
  }
  throw new TypeError(`expected a string, finite number, boolean, null, Date, array or plain object at ${quote(at)}, got ${describeValue(value)}`);
}
