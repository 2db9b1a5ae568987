/**
 * The value at a dot path (`meta.next_cursor`) of a JSON value; '' is the value itself.
 * Undefined when any step is missing or not an object. Arrays are not stepped into: a path
 * names one value, and rows that are lists are the engine's to match.
 */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '') return value;
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null || Array.isArray(at) || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
