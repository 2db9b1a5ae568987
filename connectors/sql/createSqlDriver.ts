import type { CollectionDeclaration } from '../../src/sources/declarations/SourceDeclaration';
import type { CollectionDriver, Match, Row } from '../../src/sources/engine/CollectionDriver';
import { createReclaimer } from '../../src/sql/createReclaimer';
import type { SqlClient, SqlQueryable } from '../../src/sql/SqlClient';
import { ident } from './sqlNames';
import { sqlStatements } from './sqlStatements';

/** Values per statement: large batches are split so no statement carries tens of thousands of parameters. */
const CHUNK = 2000;

/** The engine's driver over the SQL port: PostgreSQL, PGlite or MySQL, one statement per call. */
export function createSqlDriver(options: { sql: SqlClient; schema: string | null; ownsClient: boolean; embedded?: boolean }): CollectionDriver {
  const driver = driverOver(options.sql, options);
  if (!options.embedded) return driver;
  const reclaim = createReclaimer(options.sql);
  return { ...driver, reclaim: (collections) => reclaim([...new Set(collections.map((c) => tableOf(options.schema, c)))]) };
}

const tableOf = (schema: string | null, c: CollectionDeclaration) => (schema ? `${ident(schema)}.${ident(c.table)}` : ident(c.table));

/** The driver over a client, or over one transaction of it (`atomically`). */
function driverOver(sql: SqlQueryable & Partial<Pick<SqlClient, 'transaction' | 'ping' | 'close'>>, options: { sql: SqlClient; schema: string | null; ownsClient: boolean }): CollectionDriver {
  const table = (c: CollectionDeclaration) => tableOf(options.schema, c);
  const chunks = <T>(items: readonly T[]): T[][] => {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
    return out.length > 0 ? out : [[]];
  };
  return {
    async select(collection: CollectionDeclaration, matches: readonly Match[]): Promise<Row[]> {
      const rows: Row[] = [];
      const seen = new Set<string>();
      // One statement for the batch; only a batch past CHUNK values per path is split.
      const longest = Math.max(0, ...matches.map((m) => m.values.length));
      for (let i = 0; i < Math.max(longest, 1); i += CHUNK) {
        const part = matches.map((m) => ({ path: m.path, values: m.values.slice(i, i + CHUNK) })).filter((m) => m.values.length > 0);
        if (part.length === 0) break;
        const s = sqlStatements.select(table(collection), part);
        for (const row of (await sql.query<Record<string, unknown>>(s.text, s.params)).rows) {
          const key = JSON.stringify(collection.primaryKey.map((k) => row[k]));
          if (!seen.has(key)) rows.push(row);
          seen.add(key);
        }
      }
      return rows;
    },
    // Keyset pages (primary key after the last one seen): each page one indexed range, whatever the table's size.
    async *scan(collection, { batchSize }) {
      let after: unknown[] | null = null;
      for (;;) {
        const s = sqlStatements.page(table(collection), collection.primaryKey, after, batchSize);
        const { rows } = await sql.query<Record<string, unknown>>(s.text, s.params);
        yield* rows;
        if (rows.length < batchSize) return;
        const last = rows[rows.length - 1] as Record<string, unknown>;
        after = collection.primaryKey.map((k) => last[k]);
      }
    },
    async selectDatedBefore(collection, { path, before }) {
      const s = sqlStatements.datedBefore(table(collection), path, before);
      return (await sql.query<Record<string, unknown>>(s.text, s.params)).rows;
    },
    async update(collection, keys, set) {
      let changed = 0;
      for (const part of chunks(keys)) {
        if (part.length === 0) continue;
        const s = sqlStatements.update(table(collection), collection.primaryKey, part, set);
        changed += (await sql.query(s.text, s.params)).rowCount;
      }
      return changed;
    },
    async updateEach(collection, writes) {
      let changed = 0;
      for (const w of writes) {
        if (Object.keys(w.set).length === 0) continue;
        const s = sqlStatements.update(table(collection), collection.primaryKey, [w.key], w.set);
        changed += (await sql.query(s.text, s.params)).rowCount;
      }
      return changed;
    },
    async delete(collection, keys) {
      let deleted = 0;
      for (const part of chunks(keys)) {
        if (part.length === 0) continue;
        const s = sqlStatements.delete(table(collection), collection.primaryKey, part);
        deleted += (await sql.query(s.text, s.params)).rowCount;
      }
      return deleted;
    },
    // Inside a transaction the handle is only for statements: the client itself answers ping and close.
    atomically: sql.transaction ? <T>(fn: (driver: CollectionDriver) => Promise<T>) => options.sql.transaction((tx) => fn(driverOver(tx, options))) : undefined,
    ping: (signal) => options.sql.ping(signal),
    close: async () => {
      if (options.ownsClient) await options.sql.close();
    },
  };
}
