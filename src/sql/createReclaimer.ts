import type { SqlQueryable } from './SqlClient';

/**
 * Physical destruction in an embedded PostgreSQL (PGlite), whose files are the gateway's to keep:
 * the embedded `postgres` sources' (connectors/sql) and the gateway's own state's.
 * A DELETE or UPDATE leaves the old row versions in the table's and its indexes' pages, and the
 * write-ahead log holds every value written. VACUUM FULL rewrites each table and its indexes into
 * new files and drops the old ones; a WAL switch then a CHECKPOINT, with recycling off, removes the
 * old segments instead of renaming them for reuse with their contents. Erasures that finish
 * together share one round: a call made while one runs waits for the next, which covers its tables.
 */
export function createReclaimer(sql: SqlQueryable): (tables: readonly string[]) => Promise<void> {
  let tail: Promise<unknown> = Promise.resolve();
  let queued: { tables: Set<string>; done: Promise<void> } | null = null;

  async function reclaim(tables: ReadonlySet<string>): Promise<void> {
    for (const table of tables) await sql.query(`VACUUM FULL ${table}`);
    await sql.query('SET wal_recycle = off');
    await sql.query('SELECT pg_switch_wal()');
    await sql.query('CHECKPOINT');
  }

  return (tables) => {
    if (tables.length === 0) return Promise.resolve();
    if (queued) {
      for (const t of tables) queued.tables.add(t);
      return queued.done;
    }
    const batch = { tables: new Set(tables), done: Promise.resolve() };
    batch.done = tail.then(() => {
      queued = null;
      return reclaim(batch.tables);
    });
    queued = batch;
    tail = batch.done.catch(() => undefined);
    return batch.done;
  };
}
