import type { Update } from '../DocumentStore';
import { describeValue, isPlainObject, quote } from '../describeValue';
import { cloneDeep, isEqual, update as mingoUpdate } from './mingo';

/**
 * A (validated) update applied to a copy of a document by mingo's update operators ($set, $inc and
 * $push create missing parents; $unset of a missing path does nothing). mingo skips a path it
 * cannot apply — `$inc` on a string, `$push` onto a non-array, `$set` through a scalar — where
 * MongoDB refuses the whole update; such a skip is refused here as well, as the TypeError the
 * MongoDB adapter maps those server errors to, so that nothing is written. `modified` says
 * whether the content changed (MongoDB's "modified" count, and whether to write at all).
 */
export function updateDocument<T extends Record<string, unknown>>(doc: T, update: Update): { next: T; modified: boolean } {
  const next = cloneDeep(doc) as T;
  const changed = new Set(mingoUpdate(next, update as never, undefined, undefined, { cloneMode: 'deep' }));
  for (const [op, fields] of Object.entries(update) as Array<[keyof Update, Record<string, unknown>]>) {
    for (const [path, value] of Object.entries(fields)) {
      if (op !== '$unset' && !changed.has(path)) assertUnchangedFits({ op, path, value, found: reach(next, path) });
    }
  }
  return { next, modified: changed.size > 0 };
}

/** An unchanged path is fine for `$set` of the value already there and `$inc` by 0 of a number. */
function assertUnchangedFits({ op, path, value, found }: { op: string; path: string; value: unknown; found: Reached }): void {
  if (found.blockedBy === undefined) {
    if (op === '$set' && isEqual(found.value, value)) return;
    if (op === '$inc' && typeof found.value === 'number') return;
  }
  const expected = op === '$inc' ? 'a number' : op === '$push' ? 'an array' : 'objects along the path';
  const got = found.blockedBy === undefined ? describeValue(found.value) : `${describeValue(found.blockedBy.value)} at ${quote(found.blockedBy.at)}`;
  throw new TypeError(`expected ${quote(path)} to hold ${expected} for ${op}, got ${got}`);
}

interface Reached {
  value: unknown;
  /** The first value on the way that is neither an object nor an array (nor missing). */
  blockedBy?: { value: unknown; at: string };
}

/** The value at a path, walking objects by key and arrays by index only, as an update does. */
function reach(doc: unknown, path: string): Reached {
  const segments = path.split('.');
  let value: unknown = doc;
  for (let i = 0; i < segments.length; i += 1) {
    const key = segments[i]!;
    if (value === undefined) return { value };
    if (Array.isArray(value) && /^\d+$/.test(key)) value = value[Number(key)];
    else if (isPlainObject(value)) value = Object.hasOwn(value, key) ? value[key] : undefined;
    else return { value: undefined, blockedBy: { value, at: segments.slice(0, i).join('.') } };
  }
  return { value };
}
