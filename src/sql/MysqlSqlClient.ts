import { createPool, type ExecuteValues, type Pool, type PoolConnection } from 'mysql2/promise';
import { SqlError, type SqlClient, type SqlOperation, type SqlQueryable, type SqlResult } from './SqlClient';
import { abortable } from './abortable';
import { closedClientError } from './closedClientError';
import { assertKeepsTransaction } from './assertKeepsTransaction';
import { assertQueryArgs } from './assertQueryArgs';
import { createTransactionScope, type TransactionScope } from './createTransactionScope';
import { mysqlPoolConfig } from './mysqlPoolConfig';
import { openMysqlSession } from './openMysqlSession';
import { positiveInteger } from './positiveInteger';
import { toMysqlStatement } from './toMysqlStatement';
import { toMysqlSqlError, type MysqlServer } from './toMysqlSqlError';

export interface MysqlSqlClientOptions {
  /** mysql:// or mariadb:// URL: user, password, host, port, database; no query parameters. */
  readonly connectionString: string;
  /** Pool size. Default 10. */
  readonly max?: number;
  /** Server-side limit on statements, so a slow query cannot hold a request (see openMysqlSession). Default 15 000. */
  readonly statementTimeoutMs?: number;
  /** How long connecting may take before failing (transient). Default 5 000. */
  readonly connectTimeoutMs?: number;
}

type Statement = { text: string; params?: readonly unknown[] };
type Run = <R>(statement: Statement, operation: SqlOperation, options?: { inTransaction: boolean }) => Promise<SqlResult<R>>;

/** The server's "in a transaction" status flag (SERVER_STATUS_IN_TRANS), sent after each statement. */
const IN_TRANSACTION = 0x0001;

/**
 * A SqlClient on a mysql2 pool, for MySQL 8 and MariaDB 10.5+. Connects lazily; each pooled
 * connection gets its session (openMysqlSession) before its first statement. Statements with
 * values run as server-side prepared statements (values never enter the text); without values,
 * as plain text. See SqlClient for what MySQL cannot do that PostgreSQL can.
 */
export function createMysqlSqlClient(options: MysqlSqlClientOptions): SqlClient {
  const statementTimeoutMs = positiveInteger('statementTimeoutMs', options.statementTimeoutMs, 15_000);
  const pool = createPool(mysqlPoolConfig(options));
  const scope = createTransactionScope();
  let closed: Promise<void> | null = null;
  const sessions = createSessions({ pool, statementTimeoutMs, isClosed: () => closed !== null });
  const runOn = (connection: PoolConnection): Run => (statement, operation, extra) =>
    run({ connection, statement, operation, server: sessions.server(), inTransaction: extra?.inTransaction === true });

  return {
    kind: 'mysql',
    async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
      assertQueryArgs(text, params, { dialect: 'mysql' });
      scope.assertOutside('query');
      const statement = toMysqlStatement(text, params ?? []);
      const connection = await sessions.acquire('query');
      try {
        return await runOn(connection)<R>(statement, 'query');
      } finally {
        connection.release();
      }
    },
    async transaction(fn) {
      scope.assertOutside('transaction');
      const connection = await sessions.acquire('connect');
      return inTransaction({ connection, run: runOn(connection), scope, fn });
    },
    async ping(signal) {
      scope.assertOutside('ping');
      if (closed !== null) throw closedClientError('ping');
      const onAbort = (): SqlError => new SqlError('SQL ping failed: aborted', { operation: 'ping', transient: true });
      // An aborted signal opens no connection.
      if (signal?.aborted === true) throw onAbort();
      await abortable(pingOnce(sessions), { signal, onAbort });
    },
    close() {
      closed ??= pool.end().catch((error: unknown) => { throw toMysqlSqlError(error, { operation: 'close', server: sessions.server() }); });
      return closed;
    },
  };
}

interface Sessions {
  /** A pooled connection whose session is set (openMysqlSession); SqlError if none can be had. */
  acquire(operation: SqlOperation): Promise<PoolConnection>;
  /** The server's flavour, once a connection has told it. */
  server(): MysqlServer | undefined;
}

function createSessions(options: { pool: Pool; statementTimeoutMs: number; isClosed: () => boolean }): Sessions {
  const { pool, statementTimeoutMs, isClosed } = options;
  const opened = new WeakSet<object>();
  let server: MysqlServer | undefined;
  return {
    server: () => server,
    async acquire(operation) {
      if (isClosed()) throw closedClientError(operation);
      let connection: PoolConnection;
      try {
        connection = await pool.getConnection();
      } catch (error) {
        throw isClosed() ? closedClientError(operation) : toMysqlSqlError(error, { operation, server });
      }
      if (opened.has(connection.connection)) return connection;
      try {
        server = await openMysqlSession(connection, { statementTimeoutMs });
        opened.add(connection.connection);
        return connection;
      } catch (error) {
        // A connection without its session would read values and quotes differently: never used.
        connection.destroy();
        throw toMysqlSqlError(error, { operation, server });
      }
    },
  };
}

async function pingOnce(sessions: Sessions): Promise<void> {
  const connection = await sessions.acquire('ping');
  try {
    await connection.ping();
  } catch (error) {
    throw toMysqlSqlError(error, { operation: 'ping', server: sessions.server() });
  } finally {
    connection.release();
  }
}

/**
 * BEGIN, `fn`, COMMIT on one pooled connection; ROLLBACK on any failure, including a statement
 * that failed inside (the scope turns that into 25P02: MySQL itself would commit the rest).
 * A connection that cannot even roll back is destroyed, not returned to the pool.
 */
async function inTransaction<T>(options: { connection: PoolConnection; run: Run; scope: TransactionScope; fn: (tx: SqlQueryable) => Promise<T> }): Promise<T> {
  const { connection, run: runHere, scope, fn } = options;
  let broken = false;
  try {
    await runHere({ text: 'BEGIN' }, 'begin');
    const result = await scope.run({
      run: async (text, params) => {
        assertQueryArgs(text, params, { dialect: 'mysql' });
        assertKeepsTransaction(text);
        return runHere(toMysqlStatement(text, params ?? []), 'query', { inTransaction: true });
      },
      fn,
    });
    await runHere({ text: 'COMMIT' }, 'commit');
    return result;
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => { broken = true; });
    throw error;
  } finally {
    if (broken) connection.destroy();
    else connection.release();
  }
}

/**
 * Values bound by the server (a prepared statement) when there are any; plain text otherwise.
 * `inTransaction`: the statement must leave the transaction open; one that ended it (an implicit
 * commit assertKeepsTransaction did not foresee, `SET autocommit = 1`) fails with SQLSTATE 25000.
 */
async function run<R>(options: { connection: PoolConnection; statement: Statement; operation: SqlOperation; server: MysqlServer | undefined; inTransaction: boolean }): Promise<SqlResult<R>> {
  const { connection, statement, operation, server } = options;
  const params = statement.params ?? [];
  let result: unknown;
  try {
    [result] = params.length === 0
      ? await connection.query(statement.text)
      : await connection.execute(statement.text, params as ExecuteValues[]);
  } catch (error) {
    throw toMysqlSqlError(error, { operation, server });
  }
  if (Array.isArray(result)) return { rows: result as R[], rowCount: result.length };
  // A statement without rows answers with a header: rows changed (matched, by FOUND_ROWS), 0 for DDL.
  const { affectedRows, serverStatus } = (result ?? {}) as { affectedRows?: unknown; serverStatus?: unknown };
  if (options.inTransaction && typeof serverStatus === 'number' && (serverStatus & IN_TRANSACTION) === 0) throw endedTransactionError();
  return { rows: [], rowCount: typeof affectedRows === 'number' ? affectedRows : 0 };
}

const endedTransactionError = (): SqlError =>
  new SqlError('SQL query failed: SQLSTATE 25000 (invalid_transaction_state): the statement ended the transaction (MySQL committed implicitly)', {
    operation: 'query', code: '25000', transient: false,
  });
