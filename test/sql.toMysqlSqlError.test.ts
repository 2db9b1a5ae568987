import { SqlError } from '../src/sql/SqlClient';
import { MYSQL_ERROR_CLASSES } from '../src/sql/mysqlErrorClasses';
import { toMysqlSqlError } from '../src/sql/toMysqlSqlError';

/** The classifier's table, read as mysql2 reports errors (code, errno, fatal); servers in sql.mysql.test. */
describe('toMysqlSqlError', () => {
  const driverError = (fields: { code?: string; errno?: number; fatal?: boolean }): Error =>
    Object.assign(new Error("Duplicate entry 'alice@example.com' for key 'PRIMARY'"), fields, { sql: 'INSERT … alice', sqlMessage: 'x' });

  it.each([
    ['PROTOCOL_CONNECTION_LOST', undefined, true], ['ECONNRESET', -104, true], ['ECONNREFUSED', -111, true], ['ETIMEDOUT', undefined, true],
    ['ER_LOCK_WAIT_TIMEOUT', 1205, true], ['ER_LOCK_DEADLOCK', 1213, true], ['ER_CON_COUNT_ERROR', 1040, true],
    ['ER_ACCESS_DENIED_ERROR', 1045, false], ['ER_BAD_DB_ERROR', 1049, false], ['ER_PARSE_ERROR', 1064, false],
    ['ER_DUP_ENTRY', 1062, false], ['ER_DATA_TOO_LONG', 1406, false], ['ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', 1366, false],
    ['ER_SOMETHING_NEW', 1999, false],
  ])('classifies %s (errno %s) as transient: %s', (code, errno, transient) => {
    expect(toMysqlSqlError(driverError({ code, errno }), { operation: 'query', server: 'mysql' })).toMatchObject({ code, transient });
  });

  it('names the code and number, never the driver text; keeps the driver error as cause, minus the statement', () => {
    const cause = driverError({ code: 'ER_DUP_ENTRY', errno: 1062 });
    const error = toMysqlSqlError(cause, { operation: 'query' });
    expect(error).toBeInstanceOf(SqlError);
    expect(error.message).toBe('SQL query failed: ER_DUP_ENTRY (errno 1062, duplicate key)');
    expect(error.cause).toBe(cause);
    expect(cause).not.toHaveProperty('sql');
  });

  it('names MariaDB\'s own numbers by MariaDB\'s list once the server is known to be MariaDB', () => {
    // mysql2 names 4025 after MySQL's list; on MariaDB it is a CHECK constraint failure.
    const check = driverError({ code: 'ER_INNODB_AUTOEXTEND_SIZE_OUT_OF_RANGE', errno: 4025 });
    expect(toMysqlSqlError(check, { operation: 'query', server: 'mariadb' })).toMatchObject({ code: 'ER_CONSTRAINT_FAILED', transient: false });
    expect(toMysqlSqlError(driverError({ errno: 1969 }), { operation: 'query', server: 'mariadb' })).toMatchObject({ code: 'ER_STATEMENT_TIMEOUT', transient: true });
    expect(toMysqlSqlError(driverError({ errno: 1988 }), { operation: 'query', server: 'mariadb' })).toMatchObject({ code: 'MARIADB_1988', transient: false });
    expect(toMysqlSqlError(driverError({ errno: 1969 }), { operation: 'query', server: 'mysql' })).toMatchObject({ code: 'MYSQL_1969' });
  });

  it('reads a codeless fatal error as a lost connection, any other codeless one as a permanent driver error', () => {
    expect(toMysqlSqlError(driverError({ fatal: true }), { operation: 'query' })).toMatchObject({ transient: true, message: 'SQL query failed: connection lost', code: undefined });
    expect(toMysqlSqlError(new Error('Pool is closed.'), { operation: 'query' })).toMatchObject({ transient: false, message: 'SQL query failed: driver error' });
    expect(toMysqlSqlError('boom', { operation: 'ping' })).toMatchObject({ transient: false, operation: 'ping' });
  });

  it('returns a SqlError unchanged, and lists every transient code of the brief in its table', () => {
    const original = new SqlError('SQL query failed: x', { operation: 'query', transient: false });
    expect(toMysqlSqlError(original, { operation: 'ping' })).toBe(original);
    expect(Object.entries(MYSQL_ERROR_CLASSES).filter(([, entry]) => entry.transient).map(([code]) => code))
      .toEqual(expect.arrayContaining(['PROTOCOL_CONNECTION_LOST', 'ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_DEADLOCK', 'ER_CON_COUNT_ERROR']));
  });
});
