import { Pool, types as pgTypes, type PoolClient, type QueryConfig, type QueryResult } from 'pg';
import { SqlError, type SqlClient, type SqlOperation, type SqlQueryable, type SqlResult } from './SqlClient';
import { abortable } from './abortable';
import { assertQueryArgs } from './assertQueryArgs';
import { createTransactionScope, type TransactionScope } from './createTransactionScope';
import { positiveInteger } from './positiveInteger';
import { closedClientError } from './closedClientError';
import { failedTransactionError } from './failedTransactionError';
import { toSqlError } from './toSqlError';

export interface PgSqlClientOptions {
  /** postgres:// or postgresql:// URL. */
  readonly connectionString: string;
  /** Pool size. Default 10. */
  readonly max?: number;
  /** Server-side limit on every statement, so a slow query cannot hold a request. Default 15 000. */
  readonly statementTimeoutMs?: number;
  /** How long to wait for a connection before failing (transient). Default 5 000. */
  readonly connectTimeoutMs?: number;
  /** Schema for unqualified table names (tests isolate runs with one schema each). */
  readonly searchPath?: string;
}

/** int8, numeric and date come back as text, as on the embedded adapter (see SqlClient). */
const AS_TEXT = new Set([20, 1082, 1700]);
const identity = (value: string): string => value;
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    AS_TEXT.has(oid) && format !== 'binary' ? identity : pgTypes.getTypeParser(oid, format)) as typeof pgTypes.getTypeParser,
};

/** A SqlClient on a node-postgres pool: for a real PostgreSQL server. Connects lazily. */
export function createPgSqlClient(options: PgSqlClientOptions): SqlClient {
  const pool = new Pool(poolConfig(options));
  // An idle connection that dies (server restart) is dropped by the pool; without a listener the
  // 'error' event would crash the process. The next call reports the outage as a transient SqlError.
  pool.on('error', () => undefined);
  const scope = createTransactionScope();
  let closed: Promise<void> | null = null;

  const connect = async (): Promise<PoolClient> => {
    if (closed !== null) throw closedClientError('connect');
    try {
      return await pool.connect();
    } catch (error) {
      throw toSqlError(error, 'connect');
    }
  };

  return {
    kind: 'postgres',
    async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
      assertQueryArgs(text, params);
      scope.assertOutside('query');
      if (closed !== null) throw closedClientError('query');
      const { rows, rowCount } = await run<R>({ on: pool, text, params, operation: 'query' });
      return { rows, rowCount };
    },
    async transaction(fn) {
      scope.assertOutside('transaction');
      return inTransaction({ connection: await connect(), scope, fn });
    },
    async ping(signal) {
      scope.assertOutside('ping');
      if (closed !== null) throw closedClientError('ping');
      const onAbort = (): SqlError => new SqlError('SQL ping failed: aborted', { operation: 'ping', transient: true });
      await abortable(run({ on: pool, text: 'SELECT 1', operation: 'ping' }), { signal, onAbort });
    },
    close() {
      closed ??= pool.end().catch((error: unknown) => { throw toSqlError(error, 'close'); });
      return closed;
    },
  };
}

/** BEGIN, `fn`, COMMIT on one pooled connection; ROLLBACK on any failure. Releases the connection. */
async function inTransaction<T>(options: { connection: PoolClient; scope: TransactionScope; fn: (tx: SqlQueryable) => Promise<T> }): Promise<T> {
  const { connection, scope, fn } = options;
  let broken = false;
  try {
    await run({ on: connection, text: 'BEGIN', operation: 'begin' });
    const result = await scope.run({
      run: async (text, params) => {
        assertQueryArgs(text, params);
        const { rows, rowCount } = await run({ on: connection, text, params, operation: 'query' });
        return { rows, rowCount };
      },
      fn,
    });
    const commit = await run({ on: connection, text: 'COMMIT', operation: 'commit' });
    // The server answers COMMIT of a failed transaction with ROLLBACK, not an error (the scope
    // sees every statement fail first; this stays as the server's word on it).
    if (commit.command === 'ROLLBACK') throw failedTransactionError('commit');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is destroyed, not returned to the pool.
    await connection.query('ROLLBACK').catch(() => { broken = true; });
    throw error;
  } finally {
    connection.release(broken);
  }
}

async function run<R>(options: { on: Pool | PoolClient; text: string; params?: readonly unknown[]; operation: SqlOperation }): Promise<SqlResult<R> & { command: string }> {
  // The extended protocol for every statement, with or without values: one statement per call
  // on both adapters (PGlite always uses it), so a stacked "; DROP …" is refused everywhere.
  const config = { text: options.text, values: options.params as unknown[] | undefined, queryMode: 'extended' } as QueryConfig;
  let result: QueryResult;
  try {
    result = await options.on.query(config);
  } catch (error) {
    throw toSqlError(error, options.operation);
  }
  return { rows: result.rows as R[], rowCount: result.rowCount ?? 0, command: result.command };
}

function poolConfig(options: PgSqlClientOptions): ConstructorParameters<typeof Pool>[0] {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(options.connectionString)?.[1];
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    // Only the scheme is echoed: the rest of the URL may hold a password.
    throw new TypeError(`expected connectionString to be a postgres:// URL, got ${scheme === undefined ? 'no scheme' : `"${scheme}:"`}`);
  }
  const max = positiveInteger('max', options.max, 10);
  const statementTimeout = positiveInteger('statementTimeoutMs', options.statementTimeoutMs, 15_000);
  const connectionTimeoutMillis = positiveInteger('connectTimeoutMs', options.connectTimeoutMs, 5_000);
  if (options.searchPath !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.searchPath)) {
    throw new TypeError('expected searchPath to be a lower-case SQL identifier like "support", got another string');
  }
  return {
    connectionString: options.connectionString,
    max,
    connectionTimeoutMillis,
    statement_timeout: statementTimeout,
    application_name: 'privacy-gateway',
    ...(options.searchPath === undefined ? {} : { options: `-c search_path=${options.searchPath}` }),
    types: typeParsers,
  };
}
