import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BSON, MongoServerError } from 'mongodb';
import { createRestClient } from '../connectors/rest/createRestClient';
import { RefusedValueError, SourceUnavailableError } from '../src/errors';
import type { Connector, SourceRecord } from '../src/sources/Connector';
import { classifyFailure } from '../src/sources/classifyFailure';
import { guardConnector } from '../src/sources/guardConnector';
import type { Identity } from '../src/sources/Identity';
import { createSqlClient } from '../src/sql/createSqlClient';
import { openMysqlTestDatabase } from './kit/openMysqlTestDatabase';

/**
 * A value a source refuses is a per-key error of one class for every kind (#13.1, #10.6): each
 * kind's own refusal, produced by its real driver where one runs here, classifies as "refused";
 * the guard never opens the circuit for it, and one refused key in a batch fails that key alone.
 */
const failure = (p: Promise<unknown>) => p.then(() => new Error('expected a failure, got none'), (e: unknown) => e);

async function restAnswering(status: number): Promise<{ error: unknown; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"alice@example.com is not valid"}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = createRestClient({ source: 'api', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, headers: {}, timeoutMs: 2000 });
  const error = await failure(client.send({ method: 'POST', path: '/v1/search', route: 'POST /v1/search', body: { emails: ['x'] } }));
  return { error, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('every kind\'s refusal of a value is one class: "refused"', () => {
  it('postgres (PGlite): a NUL in a text parameter', async () => {
    const sql = createSqlClient({ url: 'pglite://memory' });
    try {
      await sql.query('CREATE TABLE t (email text)');
      const error = await failure(sql.query('INSERT INTO t (email) VALUES ($1)', ['a\u0000b@example.com']));
      expect(classifyFailure(error)).toBe('refused');
      expect(classifyFailure(new SourceUnavailableError('support', error))).toBe('refused');
    } finally {
      await sql.close();
    }
  });

  const server = process.env.SUPPORT_TEST_DATABASE_URL;
  (server ? it : it.skip)('postgres (a server): a NUL in a text parameter', async () => {
    const sql = createSqlClient({ url: server as string, max: 1 });
    try {
      expect(classifyFailure(await failure(sql.query('SELECT $1::text AS v', ['a\u0000b'])))).toBe('refused');
    } finally {
      await sql.close();
    }
  });

  const mysql = process.env.MYSQL_TEST_DATABASE_URL;
  (mysql ? it : it.skip)('mysql (MariaDB): a value too long for its column', async () => {
    const db = await openMysqlTestDatabase({ url: mysql as string, prefix: 'refused' });
    try {
      await db.client.query('CREATE TABLE t (email VARCHAR(8))');
      expect(classifyFailure(await failure(db.client.query('INSERT INTO t (email) VALUES ($1)', ['much-too-long@example.com'])))).toBe('refused');
    } finally {
      await db.teardown();
    }
  });

  it.each([400, 413, 414, 422])('rest: a %i answer', async (status) => {
    const rest = await restAnswering(status);
    try {
      expect(rest.error).toBeInstanceOf(RefusedValueError);
      expect(classifyFailure(rest.error)).toBe('refused');
      expect(String((rest.error as Error).message)).not.toContain('alice');
    } finally {
      await rest.close();
    }
  });

  it('rest: 401 stays permanent and 503 transient (the source, not the value)', async () => {
    for (const [status, kind] of [[401, 'permanent'], [503, 'transient']] as const) {
      const rest = await restAnswering(status);
      expect(classifyFailure(rest.error)).toBe(kind);
      await rest.close();
    }
  });

  it("mongodb: the driver's errors for a bad value, a duplicate key, an oversized document", () => {
    // No MongoDB server runs here: the driver's own error classes, as it raises them.
    for (const code of [2, 11000, 10334]) expect(classifyFailure(new MongoServerError({ message: 'refused', code }))).toBe('refused');
    expect(classifyFailure(new BSON.BSONError('invalid'))).toBe('refused');
    expect(classifyFailure(new MongoServerError({ message: 'not primary', code: 10107 }))).toBe('permanent');
  });
});

describe('the guard keeps a refused value to its own key', () => {
  const BAD: Identity = { type: 'EMAIL', value: 'bad@example.com' };
  const record = (value: string): SourceRecord => ({ id: value, source: 'src', collection: 'c', restricted: false, fields: { id: value }, identities: [] } as unknown as SourceRecord);
  /** A source that refuses any batch holding BAD, as PostgreSQL refuses a statement with one bad parameter. */
  const refusing = (calls: Array<readonly Identity[]>): Connector => ({
    name: 'src', system: 'test', collections: [], categories: [], typeDefs: '', queryableBy: ['EMAIL'], reveals: ['EMAIL'], profileFields: [], capabilities: ['read'],
    findByIdentities: async (keys) => {
      calls.push(keys);
      if (keys.some((k) => k.value === BAD.value)) throw new RefusedValueError('src: value refused');
      return keys.map((k) => [record(k.value)]);
    },
    health: async () => undefined,
    async *exportRecords() { /* none */ },
    restrict: async () => ({ records: 0 }),
    planErase: async () => ({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] }),
    erase: async () => ({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] }),
    planEraseMany: async (plans) => plans.map(() => ({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] })),
    eraseMany: async (plans) => plans.map(() => ({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] })),
    rectify: async () => ({ records: 0, mode: 'none' }),
    purgeRecords: async () => ({ deleted: 0 }),
    close: async () => undefined,
  });

  it('answers the other keys of the batch, gives the refused one its error, and never opens the circuit', async () => {
    const calls: Array<readonly Identity[]> = [];
    const guarded = guardConnector(refusing(calls), { timeoutMs: 1000, breakAfter: 2 });
    const keys: Identity[] = [{ type: 'EMAIL', value: 'a@example.com' }, BAD, { type: 'EMAIL', value: 'c@example.com' }];
    for (let i = 0; i < 5; i++) {
      const results = await guarded.findByIdentities(keys);
      expect(results.map((r) => (r instanceof Error ? 'error' : r.map((x) => x.id)))).toEqual([['a@example.com'], 'error', ['c@example.com']]);
    }
    expect(guarded.circuitState()).toBe('closed');
    expect(calls.slice(0, 4).map((c) => c.length)).toEqual([3, 1, 1, 1]);
  });
});
