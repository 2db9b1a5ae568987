import { graphqlTypeOf, introspectTables } from '../../../connectors/sql/introspectTables';
import { ident } from '../../../connectors/sql/sqlNames';
import type { SqlQueryable } from '../../sql/SqlClient';
import { DraftError } from './DraftError';
import { readForeignKeys } from './readForeignKeys';
import type { CollectionShape, ColumnShape, SystemShape } from './SystemShape';

const DATE_TYPE = /^(date|time|timestamp|datetime)/;

/**
 * Every table of a PostgreSQL schema (or of the MySQL database the client is on), or the ones
 * named: columns with their GraphQL types, primary keys, foreign keys, and the first `sample`
 * rows of each (for the value rules). Reads only `information_schema` and `SELECT … LIMIT`.
 */
export async function readSqlSystem(sql: SqlQueryable, options: { dialect: 'postgres' | 'mysql'; schema: string | null; tables: readonly string[] | null; sample: number }): Promise<SystemShape> {
  const schema = options.dialect === 'mysql'
    ? String((await sql.query<{ name: string | null }>('SELECT DATABASE() AS name')).rows[0]?.name ?? '')
    : options.schema ?? 'public';
  if (schema === '') throw new DraftError('expected a mysql:// URL that names a database (mysql://host:3306/<database>), got none');
  const all = (await sql.query<{ table_name: string }>(
    "SELECT table_name AS table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name",
    [schema],
  )).rows.map((r) => r.table_name);
  const missing = (options.tables ?? []).filter((t) => !all.includes(t));
  if (missing.length > 0) throw new DraftError(`expected tables of ${schema} (${all.join(', ') || 'it has none'}), got ${missing.map((t) => JSON.stringify(t)).join(', ')}`);
  const tables = options.tables ? all.filter((t) => options.tables?.includes(t)) : all;
  if (tables.length === 0) throw new DraftError(`expected tables in ${schema}, found none`);
  const shapes = await introspectTables(sql, options.dialect === 'mysql' ? null : schema, tables);
  const { foreignKeys, ambiguous } = await readForeignKeys(sql, { dialect: options.dialect, schema });
  const notes: string[] = ambiguous.map((name) => `foreign key constraint ${name}: information_schema does not say unambiguously which table it refers to (or it refers outside ${schema}): not a link`);
  const collections: CollectionShape[] = [];
  for (const table of tables) {
    const shape = shapes.get(table);
    if (!shape) continue;
    const rows = await sampleRows(sql, { dialect: options.dialect, schema, table, sample: options.sample, notes });
    const columns = [...shape.columns].map(([name, dataType]): ColumnShape => ({
      name,
      scalar: graphqlTypeOf(dataType) as ColumnShape['scalar'],
      date: DATE_TYPE.test(dataType),
      list: dataType === 'array',
      fields: null,
      samples: rows.map((r) => r[name]).filter((v) => v !== null && v !== undefined),
      mixed: false,
    }));
    collections.push({ name: table, primaryKey: shape.primaryKey, columns });
  }
  return { database: schema, collections, foreignKeys: foreignKeys.filter((fk) => tables.includes(fk.table) || tables.includes(fk.parentTable)), notes };
}

async function sampleRows(sql: SqlQueryable, options: { dialect: 'postgres' | 'mysql'; schema: string; table: string; sample: number; notes: string[] }): Promise<Array<Record<string, unknown>>> {
  if (options.sample === 0) return [];
  let from: string;
  try {
    from = options.dialect === 'mysql' ? ident(options.table) : `${ident(options.schema)}.${ident(options.table)}`;
  } catch {
    options.notes.push(`table ${JSON.stringify(options.table)}: not a plain SQL identifier, so not sampled (and the SQL kind cannot read it)`);
    return [];
  }
  return (await sql.query<Record<string, unknown>>(`SELECT * FROM ${from} LIMIT ${Math.trunc(options.sample)}`)).rows;
}
