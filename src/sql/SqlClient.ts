/**
 * The SQL-client port: the one way the gateway's code talks to PostgreSQL, whether the server is
 * a real one (`PgSqlClient`, a pool) or embedded (`PgliteSqlClient`, one WASM connection). Types
 * and the error class only — no I/O here, so connectors may import it (lint-enforced).
 *
 * Contract, held by `test/kit/sqlClientConformance.ts` against every adapter:
 * - Parameterised statements only: one statement per call, values as `$1, $2…`, never spliced
 *   into the text. A text holding several statements is refused.
 * - Values come back the same from every adapter: text → string; int2, int4, float → number;
 *   int8 and numeric → string (exact; cast to int when a number is wanted); bool → boolean;
 *   timestamptz → Date; date → "YYYY-MM-DD"; json(b) → parsed; arrays → arrays; NULL → null.
 * - Every driver failure rejects with `SqlError`, whose message never holds the statement or a
 *   parameter value: both may be personal data, and messages travel to logs and callers.
 * - Misuse (an undefined parameter, a query on the client from inside its own transaction, a
 *   transaction handle used after its transaction ended) throws `TypeError`.
 */

export type SqlClientKind = 'postgres' | 'pglite';

export interface SqlResult<R> {
  readonly rows: R[];
  /** Rows returned (SELECT) or changed (INSERT, UPDATE, DELETE); 0 for DDL. */
  readonly rowCount: number;
}

/** A statement as the pure query builders return it, ready for `query(s.text, s.params)`. */
export interface SqlStatement {
  readonly text: string;
  readonly params: readonly unknown[];
}

export interface SqlQueryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
}

export interface SqlClient extends SqlQueryable {
  readonly kind: SqlClientKind;
  /**
   * Runs `fn` in one transaction: committed when `fn` resolves, rolled back when it throws (the
   * same error is rethrown). If a statement failed inside and `fn` swallowed the error, nothing
   * is committed and the call rejects with SqlError code 25P02. Concurrent transactions never
   * see each other's uncommitted writes; on the embedded adapter they run one after another.
   * Inside `fn`, use `tx` only: the client itself refuses calls there (on a single connection
   * they would wait for the transaction forever).
   */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** Resolves when the database answers; rejects with SqlError (transient) otherwise or on abort. */
  ping(signal?: AbortSignal): Promise<void>;
  /** Idempotent. Afterwards every call rejects with a non-transient SqlError. */
  close(): Promise<void>;
}

export type SqlOperation = 'query' | 'begin' | 'commit' | 'connect' | 'ping' | 'open' | 'close';

/**
 * A driver failure. `message` names the operation and the SQLSTATE (or socket error code) only;
 * the driver's own error stays in `cause` for the log (it may quote values, e.g. a duplicate key).
 */
export class SqlError extends Error {
  /** SQLSTATE ("23505") or the socket error code ("ECONNREFUSED") when the driver gave one. */
  readonly code: string | undefined;
  /** The connection failed or the server was busy: the same call may succeed if retried. */
  readonly transient: boolean;
  readonly operation: SqlOperation;

  constructor(message: string, options: { operation: SqlOperation; code?: string; transient: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'SqlError';
    this.operation = options.operation;
    this.code = options.code;
    this.transient = options.transient;
  }
}
