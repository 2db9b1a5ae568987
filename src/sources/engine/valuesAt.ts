import type { Row } from './CollectionDriver';

/**
 * Every value at a dot path, through arrays at any level (MongoDB's reading of a path):
 * `valuesAt({ a: [{ b: 1 }, { b: [2, 3] }] }, 'a.b')` → [1, 2, 3]. Nulls and missing values are left out.
 */
export function valuesAt(row: Row | unknown, path: string): unknown[] {
  const out: unknown[] = [];
  const walk = (value: unknown, parts: readonly string[]): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, parts);
      return;
    }
    if (parts.length === 0) {
      out.push(value);
      return;
    }
    if (typeof value !== 'object' || value instanceof Date) return;
    walk((value as Record<string, unknown>)[parts[0] as string], parts.slice(1));
  };
  walk(row, path.split('.'));
  return out;
}

/** The value at a path as stored (an array stays an array); undefined when a step is missing. */
export function valueAt(row: Row | unknown, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A value as a comparable key: numbers and numeric strings of one column meet ("1" from a text reference, 1 from an int). */
export const matchKey = (value: unknown): string => (value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value));
