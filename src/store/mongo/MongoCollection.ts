import type { Collection, Filter as MongoFilter, UpdateFilter } from 'mongodb';
import type { Doc, DocumentCollection, Filter, Update } from '../DocumentStore';
import { DuplicateKeyError } from '../DocumentStore';
import { iterateByPages } from '../iterateByPages';
import { newDocumentId } from '../newDocumentId';
import { stableSort } from '../stableSort';
import { upsertEqualities } from '../upsertEqualities';

/** Server codes for an update that does not fit the stored document ($inc on a string, …). */
const MISMATCH_CODES = new Set([2, 14, 28]);

/**
 * One collection over the official driver. Filters and updates pass through unchanged: the port's
 * language is a subset of MongoDB's and `validatingCollection` has checked it. What this adds:
 * string `_id`s for upserts, `_id` as the last sort key, and errors mapped to the port's.
 */
export function createMongoCollection<T extends Doc>(options: { name: string; collection: () => Promise<Collection<Doc>> }): DocumentCollection<T> {
  const { name } = options;
  /** Runs an operation on the (connected) collection, errors mapped to the port's. */
  const mapped = async <R>(op: (collection: Collection<Doc>) => Promise<R>): Promise<R> => {
    try {
      return await op(await options.collection());
    } catch (error) {
      throw mapError(name, error);
    }
  };
  const find = (filter: Filter, opts: { sort?: Record<string, 1 | -1>; skip?: number; limit?: number; projection?: Record<string, 1> } = {}) =>
    mapped(async (collection) => (await collection.find(asMongo(filter), { ...opts, sort: stableSort(opts.sort) }).toArray()) as unknown as T[]);

  return {
    insertOne: (doc) => mapped(async (collection) => { await collection.insertOne({ ...doc }); }),
    insertMany: (docs) => mapped(async (collection) => {
      if (docs.length > 0) await collection.insertMany(docs.map((d) => ({ ...d })), { ordered: true });
    }),
    findOne: (filter, opts) =>
      mapped(async (collection) => (await collection.findOne(asMongo(filter), { projection: opts?.projection, sort: stableSort(opts?.sort) })) as T | null),
    find,
    iterate: (filter, opts) => iterateByPages<T>({ find }, { filter, sort: opts?.sort, batchSize: opts?.batchSize ?? 500 }),
    count: (filter) => mapped((collection) => collection.countDocuments(asMongo(filter))),
    updateOne: (filter, update, opts) => mapped(async (collection) => {
      const upsert = opts?.upsert ?? false;
      const res = await collection.updateOne(asMongo(filter), withUpsertId(filter, update, upsert), { upsert });
      return { matched: res.matchedCount, modified: res.modifiedCount, upsertedId: (res.upsertedId as string | null) ?? null };
    }),
    updateMany: (filter, update) => mapped(async (collection) => {
      const res = await collection.updateMany(asMongo(filter), update as UpdateFilter<Doc>);
      return { matched: res.matchedCount, modified: res.modifiedCount, upsertedId: null };
    }),
    bulkUpdate: (writes) => mapped(async (collection) => {
      if (writes.length === 0) return { matched: 0, modified: 0, upsertedId: null };
      const res = await collection.bulkWrite(writes.map((w) => ({ updateMany: { filter: asMongo(w.filter), update: w.update as UpdateFilter<Doc> } })), { ordered: true });
      return { matched: res.matchedCount, modified: res.modifiedCount, upsertedId: null };
    }),
    findOneAndUpdate: (filter, update, opts) => mapped(async (collection) => {
      const upsert = opts?.upsert ?? false;
      const after = await collection.findOneAndUpdate(asMongo(filter), withUpsertId(filter, update, upsert), {
        sort: stableSort(opts?.sort), upsert, returnDocument: 'after', includeResultMetadata: false,
      });
      return after as T | null;
    }),
    deleteOne: (filter) => mapped(async (collection) => (await collection.deleteOne(asMongo(filter))).deletedCount),
    deleteMany: (filter) => mapped(async (collection) => (await collection.deleteMany(asMongo(filter))).deletedCount),
    createIndex: (fields, opts) => mapped(async (collection) => {
      await collection.createIndex(fields, { unique: opts?.unique ?? false, ...(opts?.name ? { name: opts.name } : {}) });
    }),
  };
}

const asMongo = (filter: Filter): MongoFilter<Doc> => filter as MongoFilter<Doc>;

/** An upsert whose filter fixes no `_id` gets a string one: the port promises string ids. */
function withUpsertId(filter: Filter, update: Update, upsert: boolean): UpdateFilter<Doc> {
  if (!upsert || upsertEqualities(filter)._id !== undefined) return update as UpdateFilter<Doc>;
  return { ...update, $setOnInsert: { _id: newDocumentId() } } as UpdateFilter<Doc>;
}

function mapError(collection: string, error: unknown): unknown {
  const e = error as { code?: unknown; writeErrors?: Array<{ code?: unknown }> } | null;
  const codes = [e?.code, ...(Array.isArray(e?.writeErrors) ? e.writeErrors.map((w) => w.code) : [])];
  if (codes.includes(11000)) {
    return new DuplicateKeyError(`duplicate key in collection "${collection}": expected unique values for its unique indexes, got one already stored`, { cause: error });
  }
  const mismatch = codes.find((c): c is number => typeof c === 'number' && MISMATCH_CODES.has(c));
  if (mismatch !== undefined) {
    return new TypeError(`expected stored values of the types the update needs in "${collection}", got a mismatch (MongoDB code ${mismatch})`, { cause: error });
  }
  return error;
}
