import type { SqlQueryable } from '../../src/sql/SqlClient';

export interface TableShape {
  /** column name → its SQL data type, lower-case ("integer", "character varying", "bigint"). */
  readonly columns: ReadonlyMap<string, string>;
  readonly primaryKey: readonly string[];
}

/**
 * The tables a declaration names, read from `information_schema` (the same views on PostgreSQL
 * and MySQL): their columns and primary keys. Start-up checks the declaration against them.
 */
export async function introspectTables(sql: SqlQueryable, schema: string | null, tables: readonly string[]): Promise<Map<string, TableShape>> {
  const schemaClause = schema === null ? 'c.table_schema = DATABASE()' : 'c.table_schema = $1';
  const params = schema === null ? [] : [schema];
  const columns = await sql.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name AS table_name, c.column_name AS column_name, c.data_type AS data_type FROM information_schema.columns c WHERE ${schemaClause} ORDER BY c.ordinal_position`,
    params,
  );
  const keys = await sql.query<{ table_name: string; column_name: string }>(
    `SELECT k.table_name AS table_name, k.column_name AS column_name FROM information_schema.table_constraints t
       JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = t.table_name
      WHERE t.constraint_type = 'PRIMARY KEY' AND ${schemaClause.replace('c.table_schema', 't.table_schema')} ORDER BY k.ordinal_position`,
    params,
  );
  const out = new Map<string, TableShape>();
  for (const table of tables) {
    const cols = columns.rows.filter((r) => r.table_name === table);
    if (cols.length === 0) continue;
    out.set(table, { columns: new Map(cols.map((c) => [c.column_name, String(c.data_type).toLowerCase()])), primaryKey: keys.rows.filter((k) => k.table_name === table).map((k) => k.column_name) });
  }
  return out;
}

/** The GraphQL scalar a column's values read as (the SQL port returns int8 and numeric as exact text). */
export function graphqlTypeOf(dataType: string): string {
  if (/^(smallint|integer|int|tinyint|mediumint|year)$/.test(dataType)) return 'Int';
  if (/^(real|double precision|double|float|numeric|decimal|money)$/.test(dataType)) return 'Float';
  if (/^bool/.test(dataType)) return 'Boolean';
  return 'String';
}
