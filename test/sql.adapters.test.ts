import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlError } from '../src/sql/SqlClient';
import { createPgSqlClient } from '../src/sql/PgSqlClient';
import { createPgliteSqlClient } from '../src/sql/PgliteSqlClient';
import { createMysqlSqlClient } from '../src/sql/MysqlSqlClient';
import { createSqlClient } from '../src/sql/createSqlClient';

/** What the conformance suite cannot hold every adapter to: choosing, persisting, failing to start. */
describe('createSqlClient', () => {
  it('picks the pool adapter for postgres:// and postgresql:// URLs, without connecting', async () => {
    for (const url of ['postgres://u:p@127.0.0.1:1/db', 'postgresql://u@127.0.0.1:1/db']) {
      const client = createSqlClient({ url });
      expect(client.kind).toBe('postgres');
      await client.close();
    }
  });

  it('picks the mysql2 pool adapter for mysql:// and mariadb:// URLs, without connecting', async () => {
    for (const url of ['mysql://u:p@127.0.0.1:1/db', 'mariadb://u@127.0.0.1:1/db', 'MySQL://127.0.0.1']) {
      const client = createSqlClient({ url });
      expect(client.kind).toBe('mysql');
      await client.close();
    }
  });

  it('refuses other URLs naming the scheme only, never the rest (it may hold a password)', () => {
    expect(() => createSqlClient({ url: 'sqlserver://root:hunter2@db/x' })).toThrow('expected a postgres://, postgresql://, mysql://, mariadb://, pglite:// or memory:// URL, got "sqlserver:"');
    expect(() => createSqlClient({ url: 'sqlserver://root:hunter2@db/x' })).not.toThrow(/hunter2/);
    expect(() => createSqlClient({ url: 'pglite://' })).toThrow(TypeError);
    expect(() => createPgSqlClient({ connectionString: 'postgres://x', max: 0 })).toThrow('expected max to be a positive integer, got 0');
    expect(() => createPgSqlClient({ connectionString: 'postgres://x', searchPath: 'a; DROP' })).toThrow(TypeError);
  });
});

describe('MysqlSqlClient options', () => {
  it('refuses what it cannot honour, naming the option and never the URL\'s secrets', () => {
    const refuse = (connectionString: string, message: string): void => {
      expect(() => createMysqlSqlClient({ connectionString })).toThrow(message);
      expect(() => createMysqlSqlClient({ connectionString })).not.toThrow(/hunter2/);
    };
    refuse('postgres://root:hunter2@db/x', 'expected connectionString to be a mysql:// or mariadb:// URL, got "postgres:"');
    // mysql2 would apply query parameters as options, over the adapter's (multipleStatements=true).
    refuse('mysql://root:hunter2@db/x?multipleStatements=true', 'expected a mysql:// URL without query parameters, got "?multipleStatements="');
    refuse('mysql://root:hunter2@db/x/y', 'expected connectionString to look like mysql://user:password@host:port/database, got another shape');
    expect(() => createMysqlSqlClient({ connectionString: 'mysql://db/x', max: 0 })).toThrow('expected max to be a positive integer, got 0');
    expect(() => createMysqlSqlClient({ connectionString: 'mysql://db/x', statementTimeoutMs: 1.5 })).toThrow('expected statementTimeoutMs to be a positive integer, got 1.5');
    expect(() => createSqlClient({ url: 'mysql://db/x', searchPath: 'support' })).toThrow(/expected no searchPath with a mysql:\/\/ URL/);
  });
});

describe('PgSqlClient without a server', () => {
  it('reports a refused connection as a transient SqlError', async () => {
    const client = createPgSqlClient({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectTimeoutMs: 2000 });
    const error = await client.query('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlError);
    expect(error).toMatchObject({ transient: true, code: 'ECONNREFUSED' });
    expect((error as Error).message).toBe('SQL query failed: ECONNREFUSED');
    await expect(client.transaction(async () => 1)).rejects.toMatchObject({ transient: true });
    await expect(client.ping()).rejects.toMatchObject({ transient: true });
    await client.close();
  });
});

describe('PgliteSqlClient', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'pglite-adapter-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('keeps its data in dataDir across close and reopen (pglite:// URL)', async () => {
    const first = createSqlClient({ url: `pglite://${join(dir, 'db')}` });
    expect(first.kind).toBe('pglite');
    await first.query('CREATE TABLE kept (id text PRIMARY KEY)');
    await first.transaction((tx) => tx.query('INSERT INTO kept (id) VALUES ($1)', ['survives']));
    await first.close();
    const second = createPgliteSqlClient({ dataDir: join(dir, 'db') });
    try {
      expect((await second.query('SELECT id FROM kept')).rows).toEqual([{ id: 'survives' }]);
    } finally {
      await second.close();
    }
  });

  it('rejects every call with a permanent SqlError when the database cannot start', async () => {
    const notADirectory = join(dir, 'file');
    await writeFile(notADirectory, 'x');
    const client = createPgliteSqlClient({ dataDir: join(notADirectory, 'db') });
    await expect(client.query('SELECT 1')).rejects.toMatchObject({ name: 'SqlError', operation: 'open', transient: false });
    await expect(client.ping()).rejects.toBeInstanceOf(SqlError);
    await client.close();
  });

  it('refuses a malformed dataDir up front', () => {
    expect(() => createPgliteSqlClient({ dataDir: '' })).toThrow('expected dataDir to be a directory path or null, got an empty string');
  });
});
