import type { CollectionDeclaration } from '../declarations/SourceDeclaration';

/** A record as the system stores it: column or key → value (nested for documents). */
export type Row = Readonly<Record<string, unknown>>;

/** One condition of a select: the value at `path` is one of `values` (for an array, any element is). */
export interface Match {
  readonly path: string;
  readonly values: readonly unknown[];
}

/**
 * What a source kind must do for the engine (`createDeclaredConnector`): the I/O, and nothing else.
 * Holds, shared records, identities, masking and counts are the engine's, the same for every kind.
 * Each call is one round trip whatever the number of values (the batch contract of reads).
 * Failures reject with the driver's error as it is: the engine classifies them once.
 */
export interface CollectionDriver {
  /** Rows of `collection` matching any of `matches` (an OR), every row at most once. */
  select(collection: CollectionDeclaration, matches: readonly Match[], options?: { signal?: AbortSignal }): Promise<Row[]>;
  /**
   * Writes `set` (top-level paths → values; null clears) into each row whose primary key is one
   * of `keys` (values in `collection.primaryKey` order). Returns the rows changed.
   */
  update(collection: CollectionDeclaration, keys: ReadonlyArray<readonly unknown[]>, set: Readonly<Record<string, unknown>>): Promise<number>;
  /** Per-row writes (each row its own `set`), for depersonalization: one call for the batch where the system allows. */
  updateEach(collection: CollectionDeclaration, writes: ReadonlyArray<{ readonly key: readonly unknown[]; readonly set: Readonly<Record<string, unknown>> }>): Promise<number>;
  delete(collection: CollectionDeclaration, keys: ReadonlyArray<readonly unknown[]>): Promise<number>;
  /**
   * Rows whose date at `path` is before `before` (an ISO string or a date, as the system stores
   * it; undated rows never), in one query: what the retention clock asks of a dated collection.
   */
  selectDatedBefore?(collection: CollectionDeclaration, options: { readonly path: string; readonly before: Date; readonly signal?: AbortSignal }): Promise<Row[]>;
  /**
   * Every row of `collection`, `batchSize` at a time in key order: what the statistics of
   * `aggregate` read. A kind without it (an API with no listing) serves no statistic set.
   */
  scan?(collection: CollectionDeclaration, options: { readonly batchSize: number }): AsyncIterable<Row>;
  /** `select`, paged from the system where it can (an export of a large collection never holds it whole). */
  iterate?(collection: CollectionDeclaration, matches: readonly Match[]): AsyncIterable<Row>;
  /**
   * Runs `fn` with a driver whose writes commit together or not at all, where the system has
   * transactions (SQL): an erasure cut off mid-way leaves the source as it was, and the retry redoes it whole.
   */
  atomically?<T>(fn: (driver: CollectionDriver) => Promise<T>): Promise<T>;
  /**
   * Physically removes what destructive writes to `collections` left on disk (old row versions,
   * log segments), where the kind keeps the files itself (embedded). The engine calls it after an
   * erasure, a rectification and a purge; a server's storage is its operator's, so kinds over a
   * server leave it out.
   */
  reclaim?(collections: readonly CollectionDeclaration[]): Promise<void>;
  ping(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
