import type Datastore from '@seald-io/nedb';
import type { Doc, DocumentCollection, Filter, FindOptions } from '../DocumentStore';
import { DuplicateKeyError } from '../DocumentStore';
import { iterateByPages } from '../iterateByPages';
import { stableSort } from '../stableSort';
import { compileFilter } from './compileFilter';
import { embeddedWrites } from './embeddedWrites';
import { indexHints } from './indexHints';
import { iterateByIds } from './iterateByIds';
import { nedbQuery } from './nedbQuery';
import { pageOf } from './pageOf';
import { storedMatches } from './storedMatches';

export type Nedb = Datastore<Record<string, unknown>>;

export interface EmbeddedCollectionOptions {
  readonly name: string;
  /** The loaded datastore; resolved on every call, so a handle outlives `dropAll`. */
  readonly datastore: () => Promise<Nedb>;
  /** The collection's write queue: every write runs alone (see serialQueue). */
  readonly serially: <R>(task: () => Promise<R>) => Promise<R>;
  /**
   * Rewrites the datafile without superseded versions of documents (nothing in memory mode).
   * nedb appends a document's new version and keeps the old line until the file is compacted;
   * an erasure or a rectification has not happened while the old value is still on disk.
   */
  readonly destroySuperseded: () => Promise<void>;
}

/** What the read and write halves share. */
export interface EmbeddedContext<T extends Doc> extends EmbeddedCollectionOptions {
  select(filter: Filter, options?: FindOptions): Promise<T[]>;
  /** Runs a nedb call, turning a unique-index violation into DuplicateKeyError. */
  guarded<R>(op: () => Promise<R>): Promise<R>;
}

/**
 * One collection of the embedded store. nedb keeps and persists the documents and enforces unique
 * indexes; MongoDB's semantics — matching, sorting, projection, update operators — are mingo's
 * (compileFilter, pageOf, updateDocument), not nedb's, which differ in the corners the gateway
 * relies on. Inputs are validated by `validatingCollection` before they reach this object.
 */
export function createEmbeddedCollection<T extends Doc>(options: EmbeddedCollectionOptions): DocumentCollection<T> {
  const { name, datastore } = options;
  const guarded = async <R>(op: () => Promise<R>): Promise<R> => {
    try {
      return await op();
    } catch (error) {
      if ((error as { errorType?: string } | null)?.errorType !== 'uniqueViolated') throw error;
      // nedb's message quotes the key (an email, say): it stays in `cause`, out of logs' messages.
      throw new DuplicateKeyError(`duplicate key in collection "${name}": expected unique values for its unique indexes, got one already stored`, { cause: error });
    }
  };

  /** The stored documents matching `filter`, through the indexes where they help: nedb's own objects, never to be changed. */
  async function storedMatching(ds: Nedb, filter: Filter, hints = indexHints(filter, indexedFields(ds))): Promise<T[]> {
    const matches = compileFilter(filter);
    const found = new Map<string, T>();
    for (const hint of hints ?? [{}]) {
      // `$where` stays the first key (nedb tests keys in order): what an earlier lookup found is not matched again.
      const where = (doc: unknown): boolean => !found.has((doc as T)._id) && matches(doc);
      for (const doc of await storedMatches<T>(ds, { ...nedbQuery(filter, where), ...hint })) found.set(doc._id, doc);
    }
    return [...found.values()];
  }

  async function select(filter: Filter, opts: FindOptions = {}): Promise<T[]> {
    const ds = await datastore();
    const sort = stableSort(opts.sort);
    const hints = indexHints(filter, indexedFields(ds));
    if (sort || hints) {
      // The matches sorted (a scan without a sort is in _id order), then only the page is copied out of nedb.
      return pageOf(await storedMatching(ds, filter, hints), { ...opts, sort: sort ?? { _id: 1 } });
    }
    // nedb's scan is in _id order already and stops once the page is full.
    return pageOf(await storedMatches<T>(ds, nedbQuery(filter), opts), { projection: opts.projection });
  }

  /** The ids of the documents matching `filter`, in `_id` order. */
  async function matchingIds(filter: Filter, direction: 1 | -1): Promise<string[]> {
    const ds = await datastore();
    const ids = (await storedMatching(ds, filter)).map((doc) => doc._id).sort();
    return direction === 1 ? ids : ids.reverse();
  }

  return {
    findOne: async (filter, opts) => (await select(filter, { ...opts, limit: 1 }))[0] ?? null,
    find: (filter, opts) => select(filter, opts),
    iterate: (filter, opts) => {
      const batchSize = opts?.batchSize ?? 500;
      const keys = Object.keys(opts?.sort ?? {});
      if (keys.length === 0 || (keys.length === 1 && keys[0] === '_id')) return iterateByIds<T>({ matchingIds, find: select }, { filter, direction: opts?.sort?._id ?? 1, batchSize });
      return iterateByPages<T>({ find: select }, { filter, sort: opts?.sort, batchSize });
    },
    count: async (filter) => (await (await datastore()).countAsync(nedbQuery(filter))) as unknown as number,
    ...embeddedWrites<T>({ ...options, select, guarded }),
  };
}

/** The fields nedb holds an index on (its `indexes` map is public, though its typings omit it). */
const indexedFields = (ds: Nedb): ReadonlySet<string> => new Set(Object.keys((ds as unknown as { indexes: Record<string, unknown> }).indexes));
