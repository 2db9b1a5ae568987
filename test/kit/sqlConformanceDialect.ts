import type { SqlClientKind } from '../../src/sql/SqlClient';

/**
 * What the SqlClient conformance suite writes differently per SQL dialect, and which of the
 * port's clauses a dialect has (see SqlClient: "What MySQL does not have"). The assertions stay
 * the kit's; a dialect only supplies its DDL, its spelling of a statement and its error codes,
 * and says which cases it cannot run.
 */
export interface ConformanceDialect {
  /** Array columns, array parameters and `= ANY($1)`. */
  readonly arrays: boolean;
  /** `$1::bool` and `a = b` read as booleans (on MySQL they are integers). */
  readonly booleanExpressions: boolean;
  readonly schema: readonly string[];
  /** Empties the suite's tables between tests. */
  readonly truncate: readonly string[];
  readonly createIndex: string;
  /** Selects seven parameters back with their types: text, int, numeric, bool, bool, timestamp, NULL. */
  readonly bindsSelect: string;
  /** A statement whose only value, $1, is not a number where one is needed. */
  readonly notANumber: { readonly text: string; readonly code: string };
  readonly syntaxErrorCode: string;
  readonly uniqueViolationCode: string;
}

const POSTGRES: ConformanceDialect = {
  arrays: true,
  booleanExpressions: true,
  schema: [
    `CREATE TABLE IF NOT EXISTS conformance_items (
       id text PRIMARY KEY, label text, qty int, price numeric(20, 2), active boolean,
       at timestamptz, note text NULL, big int8, day date, tags text[], doc jsonb)`,
    'CREATE TABLE IF NOT EXISTS conformance_counter (id int PRIMARY KEY, value int NOT NULL)',
  ],
  truncate: ['TRUNCATE conformance_items, conformance_counter'],
  createIndex: 'CREATE INDEX IF NOT EXISTS conformance_items_qty ON conformance_items (qty)',
  bindsSelect: 'SELECT $1::text AS t, $2::int AS i, $3::numeric AS n, $4::bool AS b, $5::bool AS f, $6::timestamptz AS ts, $7::text AS nothing',
  notANumber: { text: 'SELECT $1::int AS n FROM conformance_items', code: '22P02' },
  syntaxErrorCode: '42601',
  uniqueViolationCode: '23505',
};

/** MySQL 8 and MariaDB 10.5+, in the sessions MysqlSqlClient opens (strict, ANSI quotes, UTC). */
const MYSQL: ConformanceDialect = {
  arrays: false,
  booleanExpressions: false,
  schema: [
    `CREATE TABLE IF NOT EXISTS conformance_items (
       id varchar(64) PRIMARY KEY, label text, qty int, price decimal(20, 2), active boolean,
       at datetime(3), note text NULL, big bigint, day date, doc json)`,
    'CREATE TABLE IF NOT EXISTS conformance_counter (id int PRIMARY KEY, value int NOT NULL)',
  ],
  truncate: ['TRUNCATE conformance_items', 'TRUNCATE conformance_counter'],
  // MySQL 8 has no CREATE INDEX IF NOT EXISTS; the suite's database is new on every run.
  createIndex: 'CREATE INDEX conformance_items_qty ON conformance_items (qty)',
  // CAST to an integer type is BIGINT on MySQL (a string, by the contract): the int goes back as bound.
  bindsSelect: 'SELECT CAST($1 AS CHAR) AS t, $2 AS i, CAST($3 AS DECIMAL(30, 2)) AS n, $4 AS b, $5 AS f, CAST($6 AS DATETIME(3)) AS ts, $7 AS nothing',
  // A cast to a number only warns on MySQL; storing into an int column fails (strict mode).
  notANumber: { text: "INSERT INTO conformance_items (id, qty) VALUES ('not-a-number', $1)", code: 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD' },
  syntaxErrorCode: 'ER_PARSE_ERROR',
  uniqueViolationCode: 'ER_DUP_ENTRY',
};

export function conformanceDialect(kind: SqlClientKind): ConformanceDialect {
  return kind === 'mysql' ? MYSQL : POSTGRES;
}
