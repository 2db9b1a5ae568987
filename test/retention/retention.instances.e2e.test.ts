import { randomBytes } from 'node:crypto';
import { createPgSqlClient } from '../../src/sql/PgSqlClient';
import { retentionPolicyFile } from '../kit/retentionPolicy';
import type { TestGateway } from '../kit/startTestGateway';
import { startTestGateway } from '../kit/startTestGateway';

/**
 * Two gateways over one state server (PGlite cannot be shared): the retention slot is claimed
 * once. Runs where GATEWAY_TEST_STATE_URL answers, and says so where it does not.
 */
const SERVER = process.env.GATEWAY_TEST_STATE_URL;
if (!SERVER) console.warn('retention instances: GATEWAY_TEST_STATE_URL is not set; the two-instance test does not run here');
const maybe = SERVER ? describe : describe.skip;

maybe('retention on a clock, two instances over one state server', () => {
  const admin = createPgSqlClient({ connectionString: SERVER as string, max: 1 });
  const name = `retention_${process.pid}_${randomBytes(4).toString('hex')}`;
  const databases = [`${name}_state`, `${name}_support`];
  const urlOf = (db: string) => Object.assign(new URL(SERVER as string), { pathname: `/${db}` }).toString();
  const gateways: TestGateway[] = [];
  beforeAll(async () => {
    for (const db of databases) await admin.query(`CREATE DATABASE ${db}`);
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.close();
    for (const db of databases) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.close();
  });

  it('runs each slot once: of two instances asking at the same moment, one runs and records it', async () => {
    const env = { POLICY_FILE: retentionPolicyFile({ support: 'PT1S' }), GATEWAY_STATE_URL: urlOf(`${name}_state`), SUPPORT_DATABASE_URL: urlOf(`${name}_support`), SEED_SUBJECTS: '20' };
    const seeder = await startTestGateway({ env: { ...env, GATEWAY_SEED_DEMO: 'on' }, overrides: { startWorker: false } });
    gateways.push(seeder);
    const messages = Number((await seeder.gateway.sources.support.query<{ n: string }>('SELECT count(*) AS n FROM messages')).rows[0]?.n);
    expect(messages).toBeGreaterThan(0);
    await seeder.stop();

    const [a, b] = await Promise.all([1, 2].map(() => startTestGateway({ env: { ...env, GATEWAY_SEED_DEMO: 'off' }, overrides: { startWorker: false } })));
    gateways.push(a as TestGateway, b as TestGateway);
    const now = new Date();
    const results = await Promise.all([a, b].map((gw) => (gw as TestGateway).gateway.retention.runOnce(now)));
    const ran = results.filter((r) => r !== null);
    expect(ran).toHaveLength(1);
    expect(ran[0]?.sources.find((s) => s.source === 'support')?.deleted).toBeGreaterThanOrEqual(messages);

    const runs = await (a as TestGateway).gateway.services.state.sql.query<{ id: string }>('SELECT id FROM retention_runs');
    expect(runs.rows.map((r) => r.id)).toEqual([ran[0]?.id]);
    expect(Number((await (b as TestGateway).gateway.sources.support.query<{ n: string }>('SELECT count(*) AS n FROM messages')).rows[0]?.n)).toBe(0);
  });
});
