/**
 * Group commit for compactions. A write resolves after a compaction that *began after its own
 * write* — one that began earlier may predate it and keep its superseded line — so the
 * compaction is queued behind the writes already waiting in the collection's queue, and every
 * write that finishes before it begins joins it rather than queueing one of its own. With the
 * worker's eight requests in flight, their ledger writes share rewrites of the datafile; a write
 * alone still waits for exactly one.
 */
export function coalescedCompaction(options: {
  /** The collection's write queue (serialQueue). */
  readonly serially: (task: () => Promise<void>) => Promise<void>;
  readonly compact: () => Promise<void>;
}): () => Promise<void> {
  let queued: Promise<void> | null = null;
  return () => (queued ??= options.serially(async () => {
    queued = null; // from here on, a write may have missed this compaction: it queues the next
    await options.compact();
  }));
}
