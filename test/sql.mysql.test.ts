import { SqlError, type SqlClient } from '../src/sql/SqlClient';
import { createMysqlSqlClient } from '../src/sql/MysqlSqlClient';
import { defineSqlClientConformance } from './kit/sqlClientConformance';
import { mysqlTestServer } from './kit/mysqlTestServer';
import { openMysqlTestDatabase } from './kit/openMysqlTestDatabase';

// The server runs need MySQL or MariaDB: MYSQL_TEST_DATABASE_URL (.ci/run sets it when a server
// answers), else 127.0.0.1:3306 if it answers. Without one they are skipped, saying why.
const server = mysqlTestServer();
const url = 'url' in server ? server.url : undefined;
if (!('url' in server)) console.warn(`sql.mysql.test: SKIPPED the MySQL server suites: ${server.skipped}`);
const withServer = url === undefined ? describe.skip : describe;

withServer('MySQL server', () => {
  defineSqlClientConformance({ name: 'MySQL server', kind: 'mysql', open: () => openMysqlTestDatabase({ url: url ?? '', prefix: 'sqlconf' }) });
});

describe('MysqlSqlClient without a server', () => {
  it('reports a refused connection as a transient SqlError naming ECONNREFUSED only', async () => {
    const client = createMysqlSqlClient({ connectionString: 'mysql://root:hunter2@127.0.0.1:1/none', connectTimeoutMs: 2000 });
    const error = await client.query('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlError);
    expect(error).toMatchObject({ transient: true, code: 'ECONNREFUSED', operation: 'query' });
    expect((error as Error).message).toBe('SQL query failed: ECONNREFUSED');
    await expect(client.transaction(async () => 1)).rejects.toMatchObject({ transient: true, operation: 'connect' });
    await expect(client.ping()).rejects.toMatchObject({ transient: true, operation: 'ping' });
    await client.close();
  });

  it('rejects a ping whose signal already aborted as transient, without connecting', async () => {
    const client = createMysqlSqlClient({ connectionString: 'mysql://root@127.0.0.1:1/none' });
    await expect(client.ping(AbortSignal.abort())).rejects.toMatchObject({ name: 'SqlError', message: 'SQL ping failed: aborted', transient: true });
    await client.close();
  });
});

withServer('MysqlSqlClient on a server', () => {
  let sql: SqlClient;
  let databaseUrl: string;
  let teardown: () => Promise<void>;
  beforeAll(async () => {
    ({ client: sql, url: databaseUrl, teardown } = await openMysqlTestDatabase({ url: url ?? '', prefix: 'sqlmysql' }));
    await sql.query(`CREATE TABLE mysql_values (
      id int PRIMARY KEY, flag boolean, tiny tinyint, small smallint, medium mediumint, big bigint,
      exact decimal(30, 10), f float, d double, day date, at datetime(3), stamp timestamp(3) NULL,
      doc json, name varchar(8), body text)`);
    await sql.query('CREATE TABLE mysql_locks (id int PRIMARY KEY, n int NOT NULL)');
  });
  afterAll(async () => { await teardown(); });
  beforeEach(async () => {
    await sql.query('DELETE FROM mysql_values');
    await sql.query('DELETE FROM mysql_locks');
  });

  defineValueMappingTests(() => sql);
  defineFailureClassTests({ sql: () => sql, databaseUrl: () => databaseUrl });
});

function defineValueMappingTests(sql: () => SqlClient): void {
  it('maps each MySQL type as the port says: BOOLEAN → boolean, other ints → number, BIGINT/DECIMAL → string, DATE → text, DATETIME/TIMESTAMP → Date, JSON → parsed', async () => {
    const at = new Date('2024-02-29T23:59:59.123Z');
    await sql().query(
      'INSERT INTO mysql_values (id, flag, tiny, small, medium, big, exact, f, d, day, at, stamp, doc, name, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)',
      [1, true, 2, -300, 70000, '-9223372036854775808', '12345678901234567890.0123456789', 1.5, 0.1, '2024-02-29', at, at, { a: [1, 'b'], n: null }, 'ü🙂', 'x'],
    );
    await sql().query('INSERT INTO mysql_values (id, flag) VALUES ($1, $2)', [2, false]);
    const { rows } = await sql().query('SELECT * FROM mysql_values ORDER BY id');
    expect(rows).toEqual([
      {
        id: 1, flag: true, tiny: 2, small: -300, medium: 70000, big: '-9223372036854775808',
        exact: '12345678901234567890.0123456789', f: 1.5, d: 0.1, day: '2024-02-29', at, stamp: at,
        doc: { a: [1, 'b'], n: null }, name: 'ü🙂', body: 'x',
      },
      {
        id: 2, flag: false, tiny: null, small: null, medium: null, big: null, exact: null, f: null, d: null,
        day: null, at: null, stamp: null, doc: null, name: null, body: null,
      },
    ]);
    expect(rows[0]?.at).toBeInstanceOf(Date);
    // COUNT is BIGINT on MySQL as it is int8 on PostgreSQL: a string on both.
    expect((await sql().query('SELECT COUNT(*) AS n FROM mysql_values')).rows).toEqual([{ n: '2' }]);
  });

  it('reads the text as PostgreSQL would: "x" names a column, || concatenates, a backslash is a character', async () => {
    await sql().query('INSERT INTO mysql_values (id, name) VALUES ($1, $2)', [1, 'a']);
    const { rows } = await sql().query(`SELECT "name" || '-' || "id" AS joined, 'a\\' AS slash FROM mysql_values`);
    expect(rows).toEqual([{ joined: 'a-1', slash: 'a\\' }]);
  });

  it('refuses a value that does not fit instead of truncating it (strict mode), naming the code only', async () => {
    const long = 'alice@example.com';
    const error = await sql().query('INSERT INTO mysql_values (id, name) VALUES ($1, $2)', [1, long]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SqlError', code: 'ER_DATA_TOO_LONG', transient: false });
    expect((error as Error).message).toBe('SQL query failed: ER_DATA_TOO_LONG (errno 1406, data too long)');
    expect((await sql().query('SELECT id FROM mysql_values')).rows).toEqual([]);
  });

  it('keeps a transaction whole: refuses a statement MySQL would commit before (TypeError), fails one that ended it (25000)', async () => {
    await expect(sql().transaction((tx) => tx.query('CREATE TABLE mysql_ddl (id int)')))
      .rejects.toThrow('expected a statement that keeps the transaction open inside transaction() on MySQL, got CREATE (MySQL commits implicitly before it)');
    await expect(sql().transaction((tx) => tx.query('/* x */ truncate mysql_values'))).rejects.toThrow(TypeError);
    expect((await sql().query("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'mysql_ddl'")).rows).toEqual([{ n: '0' }]);
    await sql().transaction(async (tx) => {
      await tx.query('CREATE TEMPORARY TABLE mysql_scratch (id int)');
      await tx.query('DROP TEMPORARY TABLE mysql_scratch');
    });
    // What the keyword check cannot see (here DDL in an executable comment) is caught after the
    // fact, from the server's in-transaction flag: nothing after it runs.
    const ended = sql().transaction(async (tx) => {
      await tx.query('/*!40000 CREATE TABLE mysql_ddl (id int) */');
      await tx.query('INSERT INTO mysql_locks (id, n) VALUES (1, 0)');
    });
    await expect(ended).rejects.toMatchObject({ name: 'SqlError', code: '25000', transient: false });
    expect((await sql().query('SELECT id FROM mysql_locks')).rows).toEqual([]);
    await sql().query('DROP TABLE mysql_ddl');
  });

  it('refuses a bare ? and a $n without its value, with a TypeError before anything is sent', async () => {
    await expect(sql().query('SELECT id FROM mysql_values WHERE id = ?', [1])).rejects.toThrow('expected placeholders written $1, $2…, got a "?" in the statement');
    await expect(sql().query('SELECT id FROM mysql_values WHERE id = $2', [1])).rejects.toThrow('expected a value for $2, got 1 parameter');
    await expect(sql().query('SELECT id FROM mysql_values WHERE id = $1', [1, 2])).rejects.toThrow('expected the statement to use $2, got no $2 in it');
  });
}

function defineFailureClassTests(options: { sql: () => SqlClient; databaseUrl: () => string }): void {
  const { sql } = options;

  it('classifies a bad credential and an unknown database as permanent, quoting neither', async () => {
    const server = new URL(options.databaseUrl());
    const stranger = new URL(server);
    stranger.username = 'no_such_user_x7';
    stranger.password = 'wrong-secret';
    const client = createMysqlSqlClient({ connectionString: stranger.toString() });
    const denied = await client.query('SELECT 1').catch((e: unknown) => e);
    await client.close();
    expect(denied).toMatchObject({ name: 'SqlError', code: 'ER_ACCESS_DENIED_ERROR', transient: false, operation: 'query' });
    expect((denied as Error).message).not.toMatch(/no_such_user|wrong-secret/);

    const nowhere = new URL(server);
    nowhere.pathname = '/no_such_database_x7';
    const lost = createMysqlSqlClient({ connectionString: nowhere.toString() });
    await expect(lost.ping()).rejects.toMatchObject({ name: 'SqlError', code: 'ER_BAD_DB_ERROR', transient: false });
    await lost.close();
  });

  it('ends a statement that outlives statementTimeoutMs on the server', async () => {
    const hasty = createMysqlSqlClient({ connectionString: options.databaseUrl(), statementTimeoutMs: 100, max: 1 });
    try {
      const { rows: [about] } = await hasty.query<{ version: string }>('SELECT VERSION() AS version');
      const slept = hasty.query('SELECT SLEEP(5) AS s');
      if (/mariadb/i.test(about?.version ?? '')) {
        await expect(slept).rejects.toMatchObject({ name: 'SqlError', code: 'ER_STATEMENT_TIMEOUT', transient: true });
      } else {
        // MySQL's max_execution_time interrupts a lone SLEEP, which then answers 1 instead of failing.
        const { rows } = await slept;
        expect(Number(rows[0]?.s)).toBe(1);
      }
    } finally {
      await hasty.close();
    }
  });

  it('classifies a deadlock as transient (ER_LOCK_DEADLOCK); the other transaction commits', async () => {
    await sql().query('INSERT INTO mysql_locks (id, n) VALUES (1, 0), (2, 0)');
    const bothHoldOne = barrier(2);
    const lockBoth = (first: number, second: number): Promise<void> => sql().transaction(async (tx) => {
      await tx.query('UPDATE mysql_locks SET n = n + 1 WHERE id = $1', [first]);
      await bothHoldOne();
      await tx.query('UPDATE mysql_locks SET n = n + 1 WHERE id = $1', [second]);
    });
    const outcomes = await Promise.allSettled([lockBoth(1, 2), lockBoth(2, 1)]);
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ name: 'SqlError', code: 'ER_LOCK_DEADLOCK', transient: true });
    expect((await sql().query('SELECT id, n FROM mysql_locks ORDER BY id')).rows).toEqual([{ id: 1, n: 1 }, { id: 2, n: 1 }]);
  });

  it('classifies a lock wait timeout as transient (ER_LOCK_WAIT_TIMEOUT), and commits nothing of the waiter', async () => {
    await sql().query('INSERT INTO mysql_locks (id, n) VALUES (1, 0)');
    // Its own client: the session setting stays on the pooled connection.
    const impatient = createMysqlSqlClient({ connectionString: options.databaseUrl(), max: 1 });
    let release = (): void => undefined;
    const holding = new Promise<void>((resolve) => { release = resolve; });
    let locked = (): void => undefined;
    const isLocked = new Promise<void>((resolve) => { locked = resolve; });
    const holder = sql().transaction(async (tx) => {
      await tx.query('SELECT n FROM mysql_locks WHERE id = 1 FOR UPDATE');
      locked();
      await holding;
    });
    try {
      await isLocked;
      const waiter = impatient.transaction(async (tx) => {
        await tx.query('SET SESSION innodb_lock_wait_timeout = 1');
        await tx.query('INSERT INTO mysql_locks (id, n) VALUES (2, 0)');
        await tx.query('UPDATE mysql_locks SET n = 1 WHERE id = 1');
      });
      await expect(waiter).rejects.toMatchObject({ name: 'SqlError', code: 'ER_LOCK_WAIT_TIMEOUT', transient: true });
    } finally {
      release();
      await holder;
      await impatient.close();
    }
    expect((await sql().query('SELECT id, n FROM mysql_locks')).rows).toEqual([{ id: 1, n: 0 }]);
  });
}

/** Resolves every caller's promise once `parties` callers have arrived. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open = (): void => undefined;
  const all = new Promise<void>((resolve) => { open = resolve; });
  return () => {
    arrived += 1;
    if (arrived === parties) open();
    return all;
  };
}
