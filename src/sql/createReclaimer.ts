import type { SqlQueryable } from './SqlClient';

export interface Reclaimer {
  /** Resolves once a round that covered `tables` has finished (rejects if that round failed). */
  (tables: readonly string[]): Promise<void>;
  /** Starts the round waiting for its spacing now, and resolves when every round asked for has run. */
  flush(): Promise<void>;
}

/**
 * Physical destruction in an embedded PostgreSQL (PGlite), whose files are the gateway's to keep:
 * the embedded `postgres` sources' (connectors/sql) and the gateway's own state's.
 * A DELETE or UPDATE leaves the old row versions in the table's and its indexes' pages, and the
 * write-ahead log holds every value written. VACUUM FULL rewrites each table and its indexes into
 * new files and drops the old ones; a WAL switch then a CHECKPOINT, with recycling off, removes the
 * old segments instead of renaming them for reuse with their contents (a new segment need not be
 * zero-filled: it is a new file, and nothing old is in it). Erasures that finish together share
 * one round: a call made while one runs waits for the next, which covers its tables.
 * `spacingMs` puts at least that much time between the end of one round and the start of the
 * next, so that under load one round covers the erasures of that whole time (a round's cost is
 * the size of the tables, not the number of erasures).
 */
export function createReclaimer(sql: SqlQueryable, options: { spacingMs?: number } = {}): Reclaimer {
  const spacingMs = options.spacingMs ?? 0;
  let tail: Promise<unknown> = Promise.resolve();
  let queued: { tables: Set<string>; done: Promise<void>; start: () => void } | null = null;
  let lastEnded = 0;

  async function reclaim(tables: ReadonlySet<string>): Promise<void> {
    try {
      for (const table of tables) await sql.query(`VACUUM FULL ${table}`);
      await sql.query('SET wal_recycle = off');
      await sql.query('SET wal_init_zero = off');
      await sql.query('SELECT pg_switch_wal()');
      await sql.query('CHECKPOINT');
    } finally {
      lastEnded = Date.now();
    }
  }

  /** Waits out the spacing after the last round; `start` (a flush) cuts the wait short. */
  function spaced(): { waited: Promise<void>; start: () => void } {
    let start = (): void => undefined;
    const waited = new Promise<void>((resolve) => {
      const wait = lastEnded + spacingMs - Date.now();
      if (wait <= 0) return resolve();
      const timer = setTimeout(resolve, wait);
      start = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    return { waited, start: () => start() };
  }

  const reclaimer = (tables: readonly string[]): Promise<void> => {
    if (tables.length === 0) return Promise.resolve();
    if (queued) {
      for (const t of tables) queued.tables.add(t);
      return queued.done;
    }
    let flushed = false;
    let cut: () => void = () => (flushed = true);
    const batch = { tables: new Set(tables), done: Promise.resolve(), start: () => cut() };
    batch.done = tail.then(async () => {
      const { waited, start } = spaced();
      cut = start;
      if (flushed) start();
      await waited;
      queued = null;
      return reclaim(batch.tables);
    });
    queued = batch;
    tail = batch.done.catch(() => undefined);
    return batch.done;
  };
  reclaimer.flush = async (): Promise<void> => {
    queued?.start();
    await tail;
  };
  return reclaimer;
}
