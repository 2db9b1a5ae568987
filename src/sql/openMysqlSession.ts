import type { PoolConnection } from 'mysql2/promise';
import type { MysqlServer } from './toMysqlSqlError';

/**
 * The session every pooled connection gets before its first statement, so that the port's
 * PostgreSQL-flavoured text and its values mean the same on MySQL and MariaDB:
 * - sql_mode, added to the server's own: ANSI_QUOTES ("x" is an identifier), PIPES_AS_CONCAT
 *   (`||` concatenates, never ORs), NO_BACKSLASH_ESCAPES ('a\' is a whole literal, as
 *   scanSql reads it), STRICT_ALL_TABLES (a value that does not fit is refused, not truncated);
 *   one caveat: LIKE then has no default escape character, so write `ESCAPE '\'` as needed;
 * - time_zone UTC, so TIMESTAMP values are read and written as the UTC the driver assumes;
 * - READ COMMITTED, PostgreSQL's default isolation (each statement sees what was committed
 *   before it; fewer gap locks than MySQL's REPEATABLE READ);
 * - the statement timeout: every statement on MariaDB (max_statement_time); on MySQL, whose
 *   max_execution_time covers read-only SELECTs only, those alone.
 * Resolves with the server's flavour, which numbers its errors from 1900 on in its own way.
 */
export async function openMysqlSession(connection: PoolConnection, options: { statementTimeoutMs: number }): Promise<MysqlServer> {
  const [rows] = await connection.query('SELECT VERSION() AS version');
  const version = Array.isArray(rows) ? (rows[0] as { version?: unknown } | undefined)?.version : undefined;
  const server: MysqlServer = typeof version === 'string' && /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  const { statementTimeoutMs } = options;
  const perServer = server === 'mariadb'
    ? `tx_isolation = 'READ-COMMITTED', max_statement_time = ${statementTimeoutMs / 1000}`
    : `transaction_isolation = 'READ-COMMITTED', max_execution_time = ${statementTimeoutMs}`;
  await connection.query(`SET SESSION
    sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'ANSI_QUOTES', 'PIPES_AS_CONCAT', 'NO_BACKSLASH_ESCAPES', 'STRICT_ALL_TABLES'),
    time_zone = '+00:00',
    ${perServer}`);
  return server;
}
