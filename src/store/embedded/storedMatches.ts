import type { Nedb } from './EmbeddedCollection';

interface NedbCursor extends PromiseLike<unknown> {
  skip(n: number): NedbCursor;
  limit(n: number): NedbCursor;
}
type NedbCursorClass = new (db: Nedb, query: Record<string, unknown>, mapFn: (docs: unknown[]) => unknown) => NedbCursor;
// nedb's Cursor and deepCopy are not in its typings (nor in its index): required by path, typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Cursor = require('@seald-io/nedb/lib/cursor.js') as NedbCursorClass;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deepCopy } = require('@seald-io/nedb/lib/model.js') as { deepCopy: <D>(doc: D) => D };

/**
 * The stored documents matching a nedb query, as nedb's own objects, read in nedb's queue like
 * `findAsync` but without its deep copy of every match. A sorted page (a claim, `findOne` with a
 * sort, `iterate`) needs only its page copied: copying every open request to hand out the oldest
 * made each claim cost the whole backlog. Without `sort`, nedb scans in `_id` order and stops at
 * `skip + limit`. Never change what this returns; copy what is returned (pageOf does).
 */
export async function storedMatches<T>(ds: Nedb, query: Record<string, unknown>, page: { skip?: number; limit?: number } = {}): Promise<readonly T[]> {
  const cursor = new Cursor(ds, query, (docs) => docs);
  if (page.skip) cursor.skip(page.skip);
  if (page.limit) cursor.limit(page.limit);
  return (await cursor) as T[];
}

/** A copy of a stored document, as `findAsync` would have made it. */
export const copyStored = <T>(doc: T): T => deepCopy(doc);
