import type Datastore from '@seald-io/nedb';
import type { Doc, DocumentCollection, Filter, FindOptions } from '../DocumentStore';
import { DuplicateKeyError } from '../DocumentStore';
import { iterateByPages } from '../iterateByPages';
import { iterateByIds } from './iterateByIds';
import { stableSort } from '../stableSort';
import { embeddedWrites } from './embeddedWrites';
import { indexHints } from './indexHints';
import { matchesFilter, sortDocuments } from './matchesFilter';
import { nedbQuery } from './nedbQuery';
import { projectDocument } from './projectDocument';
import { copyStored, storedMatches } from './storedMatches';

export type Nedb = Datastore<Record<string, unknown>>;

export interface EmbeddedCollectionOptions {
  readonly name: string;
  /** The loaded datastore; resolved on every call, so a handle outlives `dropAll`. */
  readonly datastore: () => Promise<Nedb>;
  /** The collection's write queue: every write runs alone (see serialQueue). */
  readonly serially: <R>(task: () => Promise<R>) => Promise<R>;
}

/** What the read and write halves share. */
export interface EmbeddedContext<T extends Doc> extends EmbeddedCollectionOptions {
  select(filter: Filter, options?: FindOptions): Promise<T[]>;
  /** Runs a nedb call, turning a unique-index violation into DuplicateKeyError. */
  guarded<R>(op: () => Promise<R>): Promise<R>;
}

/**
 * One collection of the embedded store. nedb keeps and persists the documents and enforces unique
 * indexes; matching, sorting, projection and updates follow MongoDB's rules (matchesFilter,
 * applyUpdate), because nedb's own differ in the corners the gateway relies on. Inputs are
 * validated by `validatingCollection` before they reach this object.
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
  async function storedMatching(ds: Nedb, filter: Filter, hints: Array<Record<string, unknown>> | null): Promise<T[]> {
    const found = new Map<string, T>();
    for (const hint of hints ?? [{}]) {
      // `$where` stays the first key (nedb tests keys in order): what an earlier lookup found is not matched again.
      const where = function (this: T): boolean { return !found.has(this._id) && matchesFilter(this, filter); };
      for (const doc of await storedMatches<T>(ds, { ...nedbQuery(filter), $where: where, ...hint })) found.set(doc._id, doc);
    }
    return [...found.values()];
  }

  async function select(filter: Filter, opts: FindOptions = {}): Promise<T[]> {
    const ds = await datastore();
    const sort = stableSort(opts.sort);
    const skip = opts.skip ?? 0;
    let docs: T[];
    const hints = indexHints(filter, indexedFields(ds));
    if (hints || sort) {
      // Sorted (a scan without a sort is in _id order), then only the page is copied out of nedb.
      docs = sortDocuments(await storedMatching(ds, filter, hints), sort ?? { _id: 1 }).slice(skip, opts.limit ? skip + opts.limit : undefined).map(copyStored);
    } else {
      docs = await asDocs<T>(ds.findAsync(nedbQuery(filter)).skip(skip).limit(opts.limit ?? 0));
    }
    return docs.map((doc) => projectDocument(doc, opts.projection));
  }

  /** The ids of the documents matching `filter`, in `_id` order. */
  async function matchingIds(filter: Filter, direction: 1 | -1): Promise<string[]> {
    const ds = await datastore();
    return sortDocuments(await storedMatching(ds, filter, indexHints(filter, indexedFields(ds))), { _id: direction }).map((doc) => doc._id);
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

/** nedb's cursor typings claim one document; it resolves to an array. */
const asDocs = async <T>(cursor: PromiseLike<unknown>): Promise<T[]> => (await cursor) as T[];
