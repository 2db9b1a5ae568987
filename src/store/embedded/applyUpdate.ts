import type { Update } from '../DocumentStore';
import { describeValue, isDate, isPlainObject, quote } from '../describeValue';

type Container = Record<string, unknown> | unknown[];

/**
 * A (validated) update applied to a copy of a document, with MongoDB's rules: `$set`, `$inc` and
 * `$push` create missing parents; `$unset` of a missing path does nothing; `$inc` needs a number
 * and `$push` an array where a value exists. The embedded store uses it to refuse a mismatch
 * before writing, to tell "modified" from "matched", and to build upserted documents.
 */
export function applyUpdate<T extends Record<string, unknown>>(doc: T, update: Update): T {
  const next = cloneValue(doc);
  for (const [path, value] of Object.entries(update.$set ?? {})) {
    const { parent, key } = walk(next, path, true)!;
    assign(parent, key, cloneValue(value));
  }
  for (const path of Object.keys(update.$unset ?? {})) {
    const found = walk(next, path, false);
    if (found && Array.isArray(found.parent)) assign(found.parent, found.key, null);
    else if (found) delete found.parent[found.key as keyof typeof found.parent];
  }
  for (const [path, by] of Object.entries(update.$inc ?? {})) {
    const { parent, key } = walk(next, path, true)!;
    const current = read(parent, key);
    if (current !== undefined && typeof current !== 'number') {
      throw new TypeError(`expected ${quote(path)} to hold a number for $inc, got ${describeValue(current)}`);
    }
    assign(parent, key, (current ?? 0) + by);
  }
  for (const [path, value] of Object.entries(update.$push ?? {})) {
    const { parent, key } = walk(next, path, true)!;
    const current = read(parent, key);
    if (current !== undefined && !Array.isArray(current)) {
      throw new TypeError(`expected ${quote(path)} to hold an array for $push, got ${describeValue(current)}`);
    }
    assign(parent, key, [...((current as unknown[] | undefined) ?? []), cloneValue(value)]);
  }
  return next;
}

/** The container holding a path's last segment; created on the way when `create`, else null if absent. */
function walk(doc: Container, path: string, create: boolean): { parent: Container; key: string } | null {
  const segments = path.split('.');
  let parent: Container = doc;
  for (let i = 0; i < segments.length - 1; i += 1) {
    const key = segments[i]!;
    let child = read(parent, key);
    if (child === undefined || (child === null && !create)) {
      if (!create) return null;
      child = {};
      assign(parent, key, child);
    }
    if (!isPlainObject(child) && !Array.isArray(child)) {
      throw new TypeError(`expected ${quote(segments.slice(0, i + 1).join('.'))} to hold an object to reach ${quote(path)}, got ${describeValue(child)}`);
    }
    parent = child;
  }
  return { parent, key: segments[segments.length - 1]! };
}

function read(parent: Container, key: string): unknown {
  if (Array.isArray(parent)) return /^\d+$/.test(key) ? parent[Number(key)] : undefined;
  return Object.hasOwn(parent, key) ? parent[key] : undefined;
}

function assign(parent: Container, key: string, value: unknown): void {
  if (!Array.isArray(parent)) {
    parent[key] = value;
    return;
  }
  if (!/^\d+$/.test(key)) throw new TypeError(`expected a numeric index into an array, got ${quote(key)}`);
  const index = Number(key);
  while (parent.length < index) parent.push(null); // MongoDB pads with null
  parent[index] = value;
}

/** A deep copy of a storable value, made in this realm (structuredClone's objects are the host's). */
function cloneValue<V>(value: V): V {
  if (Array.isArray(value)) return value.map(cloneValue) as V;
  if (isDate(value)) return new Date(value.getTime()) as V;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneValue(v)])) as V;
  return value;
}
