import type { SourceDeclaration } from '../../src/sources/declarations/SourceDeclaration';
import type { SqlQueryable } from '../../src/sql/SqlClient';
import { ident } from './sqlNames';

/** A column the engine looks records up by: an identity, or the far end of a reference. */
export interface LookupColumn {
  readonly table: string;
  readonly column: string;
}

/**
 * Every column a subject lookup filters on, per table: the identities, and the `to` end of each
 * reference (the rows a hop reaches). A primary key is indexed by the database already, so a
 * reference to one is left out.
 */
export function lookupColumns(source: SourceDeclaration): LookupColumn[] {
  const out = new Map<string, LookupColumn>();
  const add = (table: string, column: string) => out.set(`${table}\u0000${column}`, { table, column });
  for (const c of source.collections) for (const i of c.identities) if (c.primaryKey.length !== 1 || c.primaryKey[0] !== i.from) add(c.table, i.from);
  for (const e of source.edges) {
    const to = source.collections.find((c) => c.name === e.toCollection);
    if (to && (to.primaryKey.length !== 1 || to.primaryKey[0] !== e.toPath)) add(to.table, e.toPath);
  }
  return [...out.values()];
}

/** The columns that lead an index of their table (an index on (a, b) serves a lookup by a). */
export async function indexedColumns(sql: SqlQueryable, options: { dialect: 'postgres' | 'mysql'; schema: string | null }): Promise<Set<string>> {
  const { rows } =
    options.dialect === 'mysql'
      ? await sql.query<{ table_name: string; column_name: string }>('SELECT table_name AS table_name, column_name AS column_name FROM information_schema.statistics WHERE table_schema = DATABASE() AND seq_in_index = 1')
      : await sql.query<{ table_name: string; column_name: string }>(
          `SELECT t.relname AS table_name, a.attname AS column_name FROM pg_index i
             JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
            WHERE n.nspname = $1`,
          [options.schema ?? 'public'],
        );
  return new Set(rows.map((r) => `${r.table_name}\u0000${r.column_name}`));
}

/** What `CREATE INDEX` names an identity index the gateway creates: stable, so a restart finds it. */
export const indexName = (l: LookupColumn): string => `${l.table}_${l.column}_gw_idx`.slice(0, 63);

export function createIndexStatement(l: LookupColumn, schema: string | null): string {
  const table = schema ? `${ident(schema)}.${ident(l.table)}` : ident(l.table);
  return `CREATE INDEX IF NOT EXISTS ${ident(indexName(l))} ON ${table} (${ident(l.column)})`;
}
