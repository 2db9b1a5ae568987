import type { SqlQueryable } from '../../sql/SqlClient';
import type { ForeignKey } from './SystemShape';

interface Row { table_name: string; column_name: string; constraint_name: string; ordinal_position: number | string; referenced_table_name: string | null; referenced_column_name: string | null }

/**
 * Foreign keys between the tables of one schema, from `information_schema` (referential
 * constraints and their key columns; both PostgreSQL and MySQL have them). MySQL names the
 * referenced columns on the key column itself; PostgreSQL through the referenced unique
 * constraint, matched by position. PostgreSQL lets two tables each have a constraint of the same
 * name, which `information_schema` cannot tell apart: such constraints are returned in `ambiguous`,
 * not guessed at.
 */
export async function readForeignKeys(sql: SqlQueryable, options: { dialect: 'postgres' | 'mysql'; schema: string }): Promise<{ foreignKeys: ForeignKey[]; ambiguous: string[] }> {
  const text = options.dialect === 'mysql'
    ? `SELECT k.table_name AS table_name, k.column_name AS column_name, k.constraint_name AS constraint_name, k.ordinal_position AS ordinal_position,
              k.referenced_table_name AS referenced_table_name, k.referenced_column_name AS referenced_column_name
         FROM information_schema.referential_constraints r
         JOIN information_schema.key_column_usage k ON k.constraint_schema = r.constraint_schema AND k.constraint_name = r.constraint_name AND k.table_name = r.table_name
        WHERE r.constraint_schema = $1 AND k.referenced_table_schema = r.constraint_schema
        ORDER BY k.table_name, k.constraint_name, k.ordinal_position`
    : `SELECT k.table_name AS table_name, k.column_name AS column_name, k.constraint_name AS constraint_name, k.ordinal_position AS ordinal_position,
              p.table_name AS referenced_table_name, p.column_name AS referenced_column_name
         FROM information_schema.referential_constraints r
         JOIN information_schema.key_column_usage k ON k.constraint_schema = r.constraint_schema AND k.constraint_name = r.constraint_name
         LEFT JOIN information_schema.key_column_usage p ON p.constraint_schema = r.unique_constraint_schema AND p.constraint_name = r.unique_constraint_name
              AND p.ordinal_position = k.position_in_unique_constraint AND p.table_schema = $1
        WHERE r.constraint_schema = $1
        ORDER BY k.table_name, k.constraint_name, k.ordinal_position`;
  const { rows } = await sql.query<Row>(text, [options.schema]);
  const byName = new Map<string, Row[]>();
  for (const row of rows) byName.set(row.constraint_name, [...(byName.get(row.constraint_name) ?? []), row]);
  const foreignKeys: ForeignKey[] = [];
  const ambiguous: string[] = [];
  for (const [name, group] of byName) {
    const tables = new Set(group.map((r) => r.table_name));
    const parents = new Set(group.map((r) => r.referenced_table_name));
    if (tables.size !== 1 || parents.size !== 1 || group.some((r) => r.referenced_table_name === null || r.referenced_column_name === null)) {
      ambiguous.push(name);
      continue;
    }
    const sorted = [...group].sort((a, b) => Number(a.ordinal_position) - Number(b.ordinal_position));
    foreignKeys.push({
      table: sorted[0]?.table_name as string,
      columns: sorted.map((r) => r.column_name),
      parentTable: sorted[0]?.referenced_table_name as string,
      parentColumns: sorted.map((r) => r.referenced_column_name as string),
    });
  }
  return { foreignKeys, ambiguous };
}
