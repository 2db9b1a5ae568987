/**
 * The document-store port. The store's orders live behind it (the gateway's own state is in SQL:
 * src/state). Two adapters: MongoDB through the official driver, and an
 * embedded, persisted one. Only operators both honour are part of the port; anything else is a
 * TypeError at the call, not a silent difference between production and tests.
 */

export type Scalar = string | number | boolean | null | Date;

/** Comparison operators both adapters honour. */
export interface FieldOperators {
  $eq?: unknown;
  $ne?: unknown;
  $in?: readonly unknown[];
  $nin?: readonly unknown[];
  $lt?: Scalar;
  $lte?: Scalar;
  $gt?: Scalar;
  $gte?: Scalar;
  $exists?: boolean;
  /** One element of an array meets every condition: fields of an element, or operators on a scalar one. */
  $elemMatch?: Filter | FieldOperators;
}

/**
 * Keys are field paths (dot notation allowed); values are literals or `FieldOperators`. A literal
 * object matches an equal embedded document: MongoDB also wants its keys in the stored order, the
 * embedded store (mingo) does not — write such literals in stored order, or match by dot paths.
 */
export type Filter = {
  [path: string]: unknown;
  $or?: Filter[];
  $and?: Filter[];
};

export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, true | 1 | ''>;
  $inc?: Record<string, number>;
  $push?: Record<string, unknown>;
}

/**
 * Paths → direction; ties are broken by `_id` in both adapters. Sort by scalar fields: where a
 * sort key holds an array, MongoDB sorts descending by its greatest element and the embedded
 * store (mingo) by its least; and strings outside the BMP order after U+E000–U+FFFF in MongoDB
 * (code points), before them in the embedded store (UTF-16 units).
 */
export type Sort = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: Sort;
  limit?: number;
  skip?: number;
  /** Fields to return (inclusion only); `_id` always included. */
  projection?: Record<string, 1>;
}

export interface Doc {
  _id: string;
  [field: string]: unknown;
}

export interface UpdateResult {
  matched: number;
  modified: number;
  upsertedId: string | null;
}

export interface DocumentCollection<T extends Doc = Doc> {
  /** Rejects with `DuplicateKeyError` when `_id` or a unique index collides. */
  insertOne(doc: T): Promise<void>;
  insertMany(docs: readonly T[]): Promise<void>;
  findOne(filter: Filter, options?: Pick<FindOptions, 'sort' | 'projection'>): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  /** Pages through the matches (sorted by `_id` unless `sort` is given), `batchSize` at a time. */
  iterate(filter: Filter, options?: { sort?: Sort; batchSize?: number }): AsyncIterable<T>;
  count(filter: Filter): Promise<number>;
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  /**
   * Each write's `updateMany`, in order, as one call (MongoDB's bulkWrite): one round trip, and in
   * the embedded store one destruction of the superseded versions for the lot. Not atomic as a
   * whole (neither is MongoDB's); the counts are the sums. An erasure depersonalizing records
   * each with its own masked values is the caller.
   */
  bulkUpdate(writes: ReadonlyArray<{ readonly filter: Filter; readonly update: Update }>): Promise<UpdateResult>;
  /**
   * Atomically: the first match (by `sort`) is updated and returned as it is after the update;
   * null when nothing matched. Two callers never both get the same document for a filter the
   * update falsifies — the basis of the worker's leases.
   */
  findOneAndUpdate(filter: Filter, update: Update, options?: { sort?: Sort; upsert?: boolean }): Promise<T | null>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  createIndex(fields: Record<string, 1 | -1>, options?: { unique?: boolean; name?: string }): Promise<void>;
}

export interface DocumentStore {
  readonly kind: 'mongodb' | 'embedded';
  collection<T extends Doc = Doc>(name: string): DocumentCollection<T>;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  /** Drops every collection: tests and the conformance suite only. */
  dropAll(): Promise<void>;
  close(): Promise<void>;
}

export class DuplicateKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DuplicateKeyError';
  }
}
