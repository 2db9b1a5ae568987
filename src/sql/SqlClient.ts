/**
 * The SQL-client port: the one way the gateway's code talks to a SQL database — PostgreSQL, a
 * real server (`PgSqlClient`, a pool) or embedded (`PgliteSqlClient`, one WASM connection), or a
 * MySQL / MariaDB server (`MysqlSqlClient`, a pool). Types and the error class only — no I/O
 * here, so connectors may import it (lint-enforced).
 *
 * Contract, held by `test/kit/sqlClientConformance.ts` against every adapter:
 * - Parameterised statements only: one statement per call, values as `$1, $2…`, never spliced
 *   into the text. A text holding several statements is refused (SqlError, SQLSTATE 42601).
 *   The text is read as PostgreSQL reads it: `"x"` quotes an identifier, `'…'` is a string with
 *   `''` inside and no backslash escapes, `||` concatenates; the MySQL adapter sets its sessions
 *   so that all of this holds there too.
 * - Values come back the same from every adapter: text → string; int2, int4, float → number;
 *   int8 and numeric → string (exact; cast to int when a number is wanted); bool → boolean;
 *   timestamptz → Date; date → "YYYY-MM-DD"; json(b) → parsed; arrays → arrays; NULL → null.
 *   On MySQL the same by type: TINYINT…INT, FLOAT, DOUBLE → number; BIGINT, DECIMAL → string;
 *   BOOLEAN (a TINYINT(1) column) → boolean, 0 false and any other value true; DATETIME and
 *   TIMESTAMP → Date, written and read as UTC; DATE → "YYYY-MM-DD"; JSON → parsed.
 * - Every driver failure rejects with `SqlError`, whose message never holds the statement or a
 *   parameter value: both may be personal data, and messages travel to logs and callers.
 * - Misuse (an undefined parameter, a query on the client from inside its own transaction, a
 *   transaction handle used after its transaction ended) throws `TypeError`.
 *
 * What MySQL does not have, so the conformance kit runs those cases only for the dialects that
 * have them (test/kit/sqlConformanceDialect.ts, chosen by `kind`): arrays and `= ANY($1)` (an
 * array parameter is refused with TypeError there: write one `$n` per element), `$1::type`
 * casts (use CAST), boolean expressions (`a = b` is an integer there: only a BOOLEAN column
 * reads as boolean), and DDL inside a transaction (MySQL would commit implicitly, so the
 * adapter refuses it with TypeError, and fails with SQLSTATE 25000 a statement that ended the
 * transaction anyway). Error codes are SQLSTATEs on PostgreSQL
 * and MySQL's error names (ER_DUP_ENTRY) on MySQL, but the port's own two — 25P02 for a
 * transaction in which a statement failed, 42601 for several statements — are the same on all.
 */

export type SqlClientKind = 'postgres' | 'pglite' | 'mysql';

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
   * is committed, later statements on `tx` reject with SqlError code 25P02 unsent, and the call
   * rejects with SqlError code 25P02 — on MySQL too, whose server would carry on. Concurrent
   * transactions never see each other's uncommitted writes (the MySQL adapter's sessions are
   * READ COMMITTED, PostgreSQL's default); on the embedded adapter they run one after another.
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
 * A driver failure. `message` names the operation and the code (with MySQL's error number) only;
 * the driver's own error stays in `cause` for the log (it may quote values, e.g. a duplicate key).
 */
export class SqlError extends Error {
  /**
   * SQLSTATE ("23505") on PostgreSQL, the error name ("ER_DUP_ENTRY") or mysql2's protocol code
   * ("PROTOCOL_CONNECTION_LOST") on MySQL, the socket error code ("ECONNREFUSED") on either;
   * the port's own 25P02 and 42601 on every adapter. Undefined when the driver gave none.
   */
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
