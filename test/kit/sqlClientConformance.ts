import { SqlError, type SqlClient, type SqlQueryable } from '../../src/sql/SqlClient';
import { conformanceDialect, type ConformanceDialect } from './sqlConformanceDialect';

/**
 * The SqlClient port's conformance suite (see src/sql/SqlClient.ts for the contract). Every
 * adapter runs it, so code tested on the embedded database behaves the same on a real server.
 * `open` returns a fresh client the suite owns (it closes it, then calls `teardown`). The suite
 * creates its own tables and truncates them between tests; the last test closes the client.
 * Where a dialect spells a statement differently or lacks a clause (MySQL: no arrays), the
 * client's `kind` picks the spelling and the cases to run (see sqlConformanceDialect).
 */
export interface SqlClientTarget {
  readonly client: SqlClient;
  readonly teardown?: () => Promise<void>;
}

type GetClient = () => SqlClient;

export interface SqlClientConformanceOptions {
  readonly name: string;
  /** The adapter's kind, known before `open` runs: it decides which cases exist. */
  readonly kind: SqlClient['kind'];
  readonly open: () => Promise<SqlClientTarget>;
}

export function defineSqlClientConformance(options: SqlClientConformanceOptions): void {
  const { name, open } = options;
  const dialect = conformanceDialect(options.kind);
  describe(`SqlClient conformance: ${name}`, () => {
    let target: SqlClientTarget | undefined;
    const sql: GetClient = () => {
      if (target === undefined) throw new Error('expected the client to be open, got none (open() failed?)');
      return target.client;
    };
    beforeAll(async () => {
      target = await open();
      if (target.client.kind !== options.kind) throw new Error(`expected a ${options.kind} client, got ${target.client.kind}`);
      for (const statement of dialect.schema) await sql().query(statement);
    });
    afterAll(async () => {
      await target?.client.close();
      await target?.teardown?.();
    });
    beforeEach(async () => {
      if (target !== undefined) for (const statement of dialect.truncate) await sql().query(statement);
    });

    defineValueTests(sql, dialect);
    defineTransactionTests(sql);
    defineErrorTests(sql, dialect);
    defineLifecycleTests(sql);
  });
}

const insertItem = (sql: SqlQueryable, id: string, qty = 1): Promise<unknown> =>
  sql.query('INSERT INTO conformance_items (id, label, qty) VALUES ($1, $2, $3)', [id, `item ${id}`, qty]);

const itemIds = async (sql: SqlClient): Promise<string[]> =>
  (await sql.query<{ id: string }>('SELECT id FROM conformance_items ORDER BY id')).rows.map((row) => row.id);

function defineValueTests(sql: GetClient, dialect: ConformanceDialect): void {
  it('binds parameters with their types, and a value that looks like SQL stays data', async () => {
    const at = new Date('2024-01-02T03:04:05.678Z');
    const tricky = "O'Brien\"; DROP TABLE conformance_items; -- ü 🙂";
    const { rows, rowCount } = await sql().query(
      dialect.bindsSelect,
      [tricky, 42, '12345678901234567.89', true, false, at, null],
    );
    // MySQL has no boolean expressions: a bound boolean reads back as the integer it is there.
    const [b, f] = dialect.booleanExpressions ? [true, false] : [1, 0];
    expect(rowCount).toBe(1);
    expect(rows).toEqual([{ t: tricky, i: 42, n: '12345678901234567.89', b, f, ts: at, nothing: null }]);
    expect(rows[0]?.ts).toBeInstanceOf(Date);
    expect(await itemIds(sql())).toEqual([]);
  });

  it('reads column values back with the same JavaScript types on every adapter', async () => {
    const at = new Date('2030-12-31T23:59:59.999Z');
    const tags = dialect.arrays ? { tags: ['x', 'y'] } : {};
    const values = {
      id: 'a', label: 'Alpha', qty: 7, price: '9.9', active: true, at, note: null,
      big: '9007199254740993', day: '2024-02-29', ...tags, doc: JSON.stringify({ a: [1, 'b'] }),
    };
    const columns = Object.keys(values);
    await sql().query(
      `INSERT INTO conformance_items (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(values),
    );
    const { rows } = await sql().query('SELECT * FROM conformance_items');
    expect(rows).toEqual([{
      id: 'a', label: 'Alpha', qty: 7, price: '9.90', active: true, at, note: null,
      big: '9007199254740993', day: '2024-02-29', ...tags, doc: { a: [1, 'b'] },
    }]);
  });

  it('binds a $n wherever it stands: repeated, out of order, never inside a literal or a quoted name', async () => {
    for (const id of ['a', 'b', 'c']) await insertItem(sql(), id);
    const { rows } = await sql().query(
      `SELECT id, '$1' AS "$2" FROM conformance_items WHERE id = $2 OR id = $1 OR label = $2 ORDER BY id -- $3`,
      ['c', 'a'],
    );
    expect(rows).toEqual([{ id: 'a', $2: '$1' }, { id: 'c', $2: '$1' }]);
  });

  if (dialect.arrays) {
    it('matches arrays with = ANY($1), including the empty array', async () => {
      for (const id of ['a', 'b', 'c']) await insertItem(sql(), id);
      const select = 'SELECT id FROM conformance_items WHERE id = ANY($1::text[]) ORDER BY id';
      expect((await sql().query(select, [['c', 'a', 'zz']])).rows).toEqual([{ id: 'a' }, { id: 'c' }]);
      expect((await sql().query(select, [[]])).rows).toEqual([]);
    });
  } else {
    it('refuses an array parameter with a TypeError (the dialect has no arrays), before any statement runs', async () => {
      await expect(sql().query('SELECT id FROM conformance_items WHERE id IN ($1)', [['c', 'a']]))
        .rejects.toThrow('expected parameter $1 to be a single value (MySQL has no arrays: write one $n per element), got an array');
    });
  }

  it('reports rowCount: rows returned by SELECT, rows changed by INSERT, UPDATE and DELETE, 0 for DDL', async () => {
    const inserted = await sql().query("INSERT INTO conformance_items (id, qty) VALUES ('a', 1), ('b', 2), ('c', 3)");
    expect(inserted.rowCount).toBe(3);
    expect((await sql().query('UPDATE conformance_items SET qty = qty + 1 WHERE qty >= $1', [2])).rowCount).toBe(2);
    expect((await sql().query('UPDATE conformance_items SET qty = 0 WHERE id = $1', ['none'])).rowCount).toBe(0);
    // A row matched but left as it was counts, as PostgreSQL counts it (MySQL would not by default).
    expect((await sql().query('UPDATE conformance_items SET qty = $1 WHERE id = $2', [1, 'a'])).rowCount).toBe(1);
    expect((await sql().query('SELECT id FROM conformance_items')).rowCount).toBe(3);
    expect((await sql().query('DELETE FROM conformance_items WHERE id <> $1', ['a'])).rowCount).toBe(2);
    expect((await sql().query(dialect.createIndex)).rowCount).toBe(0);
  });
  it('answers each statement right however often it runs, and more distinct statements than an adapter keeps prepared', async () => {
    for (const id of ['a', 'b']) await insertItem(sql(), id, id === 'a' ? 1 : 2);
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < 300; n++) {
        const { rows } = await sql().query<{ id: string; total: number }>(`SELECT id, qty + ${n} AS total FROM conformance_items WHERE id = $1`, [n % 2 ? 'b' : 'a']);
        expect(rows.map((r) => [r.id, Number(r.total)])).toEqual([[n % 2 ? 'b' : 'a', (n % 2 ? 2 : 1) + n]]);
      }
    }
  });

  it('sees a table\'s new columns when the same statement runs again after the table changed, however the change is written', async () => {
    await sql().query('DROP TABLE IF EXISTS conformance_shape');
    await sql().query('CREATE TABLE conformance_shape (id INT PRIMARY KEY)');
    try {
      await sql().query('INSERT INTO conformance_shape (id) VALUES ($1)', [1]);
      const select = 'SELECT * FROM conformance_shape WHERE id = $1';
      expect((await sql().query(select, [1])).rows).toEqual([{ id: 1 }]);
      await sql().query('ALTER TABLE conformance_shape ADD COLUMN extra INT');
      expect((await sql().query(select, [1])).rows).toEqual([{ id: 1, extra: null }]);
      // A change behind a comment is still a change.
      await sql().query('/* a migration */ ALTER TABLE conformance_shape ADD COLUMN more INT');
      expect((await sql().query(select, [1])).rows).toEqual([{ id: 1, extra: null, more: null }]);
    } finally {
      await sql().query('DROP TABLE conformance_shape');
    }
  });
}

function defineTransactionTests(sql: GetClient): void {
  it('commits when the callback resolves, and returns its value', async () => {
    const value = await sql().transaction(async (tx) => {
      await insertItem(tx, 'a');
      await insertItem(tx, 'b');
      return 'done';
    });
    expect(value).toBe('done');
    expect(await itemIds(sql())).toEqual(['a', 'b']);
  });

  it('rolls back when the callback throws, and rethrows the same error', async () => {
    const failure = new Error('callback failed');
    await expect(sql().transaction(async (tx) => {
      await insertItem(tx, 'a');
      throw failure;
    })).rejects.toBe(failure);
    expect(await itemIds(sql())).toEqual([]);
  });

  it('commits nothing when a statement failed inside, even if the callback swallowed the error', async () => {
    const outcome = sql().transaction(async (tx) => {
      await insertItem(tx, 'a');
      await tx.query('SELECT no_such_column FROM conformance_items').catch(() => undefined);
      return 'swallowed';
    });
    await expect(outcome).rejects.toMatchObject({ name: 'SqlError', code: '25P02' });
    expect(await itemIds(sql())).toEqual([]);
  });

  it('refuses further statements once one failed (25P02, unsent), and commits nothing', async () => {
    const outcome = sql().transaction(async (tx) => {
      await insertItem(tx, 'a');
      await tx.query('SELECT no_such_column FROM conformance_items').catch(() => undefined);
      await expect(insertItem(tx, 'b')).rejects.toMatchObject({ name: 'SqlError', code: '25P02', transient: false });
    });
    await expect(outcome).rejects.toMatchObject({ name: 'SqlError', code: '25P02', operation: 'commit' });
    expect(await itemIds(sql())).toEqual([]);
  });

  it('never lets a rollback take a concurrent transaction\'s writes with it', async () => {
    const failing = sql().transaction(async (tx) => {
      await insertItem(tx, 'rolled-back');
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('abort');
    });
    const committing = sql().transaction(async (tx) => insertItem(tx, 'committed'));
    await expect(failing).rejects.toThrow('abort');
    await committing;
    expect(await itemIds(sql())).toEqual(['committed']);
  });

  it('loses no update when concurrent transactions read, wait, then write (SELECT … FOR UPDATE)', async () => {
    await sql().query('INSERT INTO conformance_counter (id, value) VALUES (1, 0)');
    const increment = (): Promise<void> => sql().transaction(async (tx) => {
      const { rows } = await tx.query<{ value: number }>('SELECT value FROM conformance_counter WHERE id = 1 FOR UPDATE');
      await new Promise((resolve) => setTimeout(resolve, 5));
      await tx.query('UPDATE conformance_counter SET value = $1 WHERE id = 1', [(rows[0]?.value ?? 0) + 1]);
    });
    await Promise.all(Array.from({ length: 5 }, increment));
    expect((await sql().query('SELECT value FROM conformance_counter')).rows).toEqual([{ value: 5 }]);
  });

  it('refuses the client inside its own transaction, and the handle after its transaction ended (TypeError)', async () => {
    await expect(sql().transaction(async () => sql().query('SELECT 1'))).rejects.toThrow(TypeError);
    await expect(sql().transaction(async () => sql().transaction(async () => 1))).rejects.toThrow(TypeError);
    const escaped = await sql().transaction(async (tx) => tx);
    await expect(escaped.query('SELECT 1')).rejects.toThrow(/after the transaction ended/);
    expect((await sql().query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
}

function defineErrorTests(sql: GetClient, dialect: ConformanceDialect): void {
  const secret = 'alice-secret@example.com';

  it('rejects a failed statement with SqlError naming the code, never the statement or its values', async () => {
    const error = await sql().query(dialect.notANumber.text, [secret]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlError);
    expect(error).toMatchObject({ code: dialect.notANumber.code, transient: false, operation: 'query' });
    const { message, cause } = error as SqlError;
    expect(message).not.toMatch(/select|insert|conformance_items/i);
    expect(message).not.toContain(secret);
    expect(cause).toBeDefined();
    expect(Object.keys(cause as object)).not.toEqual(expect.arrayContaining(['params']));
    for (const key of ['query', 'sql', 'values']) expect(cause).not.toHaveProperty(key);
    const syntax = await sql().query('SELEC broken FROM conformance_items').catch((e: unknown) => e);
    expect(syntax).toMatchObject({ name: 'SqlError', code: dialect.syntaxErrorCode });
    expect((syntax as Error).message).not.toMatch(/selec|broken/i);
  });

  it('reports constraint violations with their code', async () => {
    await insertItem(sql(), 'a');
    await expect(insertItem(sql(), 'a')).rejects.toMatchObject({ name: 'SqlError', code: dialect.uniqueViolationCode, transient: false });
  });

  it('refuses several statements in one call, however they hide, with the port\'s SQLSTATE 42601', async () => {
    await expect(sql().query('SELECT 1; DELETE FROM conformance_items')).rejects.toMatchObject({ name: 'SqlError', code: '42601' });
    await expect(sql().query("SELECT ';' AS a; DELETE FROM conformance_items -- ;")).rejects.toMatchObject({ name: 'SqlError', code: '42601' });
    await expect(sql().query('SELECT 1 /* ; */ AS one;')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    await expect(sql().query('SELECT \'a;b\' AS "x;y"')).resolves.toMatchObject({ rows: [{ 'x;y': 'a;b' }] });
  });

  it('refuses malformed arguments with a TypeError that says what was expected', async () => {
    await expect(sql().query('SELECT $1::text', [undefined])).rejects.toThrow('expected parameter $1 to be a value or null, got undefined');
    await expect(sql().query('SELECT 1', 'x' as unknown as unknown[])).rejects.toThrow('expected params to be an array, got string');
    await expect(sql().query('  ')).rejects.toThrow(TypeError);
  });
}

function defineLifecycleTests(sql: GetClient): void {
  it('answers ping, and rejects a ping whose signal aborted with a transient SqlError', async () => {
    await expect(sql().ping()).resolves.toBeUndefined();
    await expect(sql().ping(AbortSignal.abort())).rejects.toMatchObject({ name: 'SqlError', transient: true });
  });

  it('after close, rejects every call with a permanent SqlError; close is idempotent', async () => {
    await sql().close();
    await expect(sql().query('SELECT 1')).rejects.toMatchObject({ name: 'SqlError', transient: false });
    await expect(sql().ping()).rejects.toBeInstanceOf(SqlError);
    await expect(sql().transaction(async () => 1)).rejects.toBeInstanceOf(SqlError);
    await expect(sql().close()).resolves.toBeUndefined();
  });
}
