import type { SqlStatement } from '../../src/sql/SqlClient';
import type { Match } from '../../src/sources/engine/CollectionDriver';
import { ident } from './sqlNames';

/**
 * Every statement the SQL kind runs, built without I/O. Values always travel as parameters; the
 * only text spliced in is identifiers the declaration named and the start-up checked against the
 * database. `IN (…)` rather than `= ANY($1)`: the same text runs on PostgreSQL and MySQL.
 */
export const sqlStatements = {
  select(table: string, matches: readonly Match[]): SqlStatement {
    const params: unknown[] = [];
    const where = matches.filter((m) => m.values.length > 0).map((m) => `${ident(m.path)} IN (${m.values.map((v) => { params.push(v); return `$${params.length}`; }).join(', ')})`);
    return { text: `SELECT * FROM ${table} WHERE ${where.length > 0 ? where.join(' OR ') : 'FALSE'}`, params };
  },
  /** One page of the whole table in primary-key order, after the key `after` (null: the first page). */
  page(table: string, primaryKey: readonly string[], after: readonly unknown[] | null, limit: number): SqlStatement {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new TypeError(`expected a page size of at least 1, got ${limit}`);
    const key = primaryKey.map(ident).join(', ');
    const where = after === null ? '' : ` WHERE (${key}) > (${after.map((_, i) => `$${i + 1}`).join(', ')})`;
    return { text: `SELECT * FROM ${table}${where} ORDER BY ${key} LIMIT ${limit}`, params: after === null ? [] : [...after] };
  },
  datedBefore(table: string, column: string, before: Date): SqlStatement {
    return { text: `SELECT * FROM ${table} WHERE ${ident(column)} < $1`, params: [before] };
  },
  update(table: string, primaryKey: readonly string[], keys: ReadonlyArray<readonly unknown[]>, set: Readonly<Record<string, unknown>>): SqlStatement {
    const params: unknown[] = [];
    const p = (v: unknown) => { params.push(v instanceof Object && !(v instanceof Date) ? JSON.stringify(v) : v); return `$${params.length}`; };
    const assignments = Object.entries(set).map(([column, value]) => `${ident(column)} = ${p(value)}`);
    return { text: `UPDATE ${table} SET ${assignments.join(', ')} WHERE ${keyCondition(primaryKey, keys, p)}`, params };
  },
  delete(table: string, primaryKey: readonly string[], keys: ReadonlyArray<readonly unknown[]>): SqlStatement {
    const params: unknown[] = [];
    const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
    return { text: `DELETE FROM ${table} WHERE ${keyCondition(primaryKey, keys, p)}`, params };
  },
};

function keyCondition(primaryKey: readonly string[], keys: ReadonlyArray<readonly unknown[]>, p: (v: unknown) => string): string {
  if (keys.length === 0) return 'FALSE';
  if (primaryKey.length === 1) return `${ident(primaryKey[0] as string)} IN (${keys.map((k) => p(k[0])).join(', ')})`;
  return keys.map((k) => `(${primaryKey.map((column, i) => `${ident(column)} = ${p(k[i])}`).join(' AND ')})`).join(' OR ');
}
