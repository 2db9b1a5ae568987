import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoProcessorDataset } from '../../connectors/payments/demo/demoProcessorDataset';
import type { DemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import { startDemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import { demoDataset, generatedPerson } from '../../src/demo/demoDataset';
import { seedSupport } from '../../src/demo/seedSupport';
import { createPgSqlClient } from '../../src/sql/PgSqlClient';
import type { SqlClient } from '../../src/sql/SqlClient';
import { DEMO_PROCESSOR_KEY, processorHoldings } from './processorHoldings';

const ROOT = path.join(__dirname, '..', '..');

const SHOP_TABLES = [
  `CREATE TABLE orders (id text PRIMARY KEY, customer_id text NULL, email text NULL, phone text NULL, name text NULL, address text NULL,
     created_at timestamptz NOT NULL, total double precision NULL, currency text NULL, items jsonb NULL, ip text NULL, device text NULL,
     restricted boolean NOT NULL DEFAULT false, retained_until timestamptz NULL)`,
  'CREATE INDEX orders_email ON orders (email)',
  'CREATE INDEX orders_phone ON orders (phone)',
  'CREATE INDEX orders_customer ON orders (customer_id)',
  `CREATE TABLE subscribers (id text PRIMARY KEY, email text NULL, name text NULL, lists text[] NULL, subscribed_at timestamptz NOT NULL,
     signup_form text NULL, restricted boolean NOT NULL DEFAULT false)`,
  'CREATE INDEX subscribers_email ON subscribers (email)',
];

/** What one subject still has in each shared system, read there directly (not through a gateway). */
export interface Holdings {
  orders: { total: number; identified: number };
  tickets: number;
  subscribers: number;
  processor: { customer: boolean; payments: string[] };
}

/**
 * The personal-data systems several gateway processes share, on the machine's PostgreSQL server:
 * a database for the gateways' state and one for the sources (orders, newsletter subscribers and
 * the helpdesk's tables, seeded with the demo's generated subjects 1…`subjects`), plus one demo
 * payment processor over HTTP. Both databases are created here and dropped by `teardown`.
 * Generated subject N is subscribed to the newsletter when N % 3 = 0, has a ticket when N % 10 = 0.
 */
export interface SharedSystems {
  /** The environment every gateway process gets (state, sources, processor; demo seeding off). */
  readonly env: Record<string, string>;
  readonly state: SqlClient;
  holdings(n: number): Promise<Holdings>;
  teardown(): Promise<void>;
}

export async function openSharedSystems(options: { serverUrl: string; subjects: number }): Promise<SharedSystems> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const names = { state: `pg_inst_state_${suffix}`, sources: `pg_inst_src_${suffix}` };
  const urlOf = (database: string) => {
    const url = new URL(options.serverUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const admin = createPgSqlClient({ connectionString: options.serverUrl, max: 1 });
  for (const database of Object.values(names)) await admin.query(`CREATE DATABASE ${database}`);
  const sources = createPgSqlClient({ connectionString: urlOf(names.sources), max: 4 });
  const state = createPgSqlClient({ connectionString: urlOf(names.state), max: 2 });
  const processorDir = mkdtempSync(path.join(os.tmpdir(), 'pg-inst-processor-'));
  let processor: DemoProcessor | null = null;
  try {
    await seedSources(sources, options.subjects);
    processor = await startDemoProcessor({ apiKey: DEMO_PROCESSOR_KEY, host: '127.0.0.1', dataDir: processorDir });
    await processor.seed(demoProcessorDataset({ subjects: options.subjects }));
  } catch (error) {
    await teardown();
    throw error;
  }
  const running = processor;

  async function teardown(): Promise<void> {
    await processor?.stop();
    await Promise.allSettled([sources.close(), state.close()]);
    try {
      for (const database of Object.values(names)) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } finally {
      await admin.close();
      rmSync(processorDir, { recursive: true, force: true });
    }
  }

  return {
    env: {
      GATEWAY_STATE_URL: urlOf(names.state),
      SUPPORT_DATABASE_URL: urlOf(names.sources),
      INSTANCES_SOURCES_URL: urlOf(names.sources),
      GATEWAY_SOURCES_FILE: `${path.join(ROOT, 'sources', 'demo.yaml')},${path.join(ROOT, 'test', 'fixtures', 'instances.sources.yaml')}`,
      PAYMENTS_API_URL: running.url,
      PAYMENTS_API_KEY: DEMO_PROCESSOR_KEY,
      GATEWAY_SEED_DEMO: 'off',
    },
    state,
    async holdings(n) {
      const p = generatedPerson(n);
      const orders = await sources.query<{ total: string; identified: string }>(
        'SELECT count(*) AS total, count(*) FILTER (WHERE email IS NOT NULL OR phone IS NOT NULL OR customer_id IS NOT NULL OR name IS NOT NULL) AS identified FROM orders WHERE id = $1',
        [`ord_user${n}_1`],
      );
      const tickets = await sources.query<{ n: string }>('SELECT count(*) AS n FROM tickets WHERE customer_email = $1 OR customer_phone = $2', [p.email, p.phone]);
      const subscribers = await sources.query<{ n: string }>('SELECT count(*) AS n FROM subscribers WHERE email = $1', [p.email]);
      return {
        orders: { total: Number(orders.rows[0]?.total), identified: Number(orders.rows[0]?.identified) },
        tickets: Number(tickets.rows[0]?.n),
        subscribers: Number(subscribers.rows[0]?.n),
        processor: await processorHoldings({ url: running.url, apiKey: DEMO_PROCESSOR_KEY, customerId: p.customerId }),
      };
    },
    teardown,
  };
}

/** The demo's generated subjects into the shared tables: a statement per table, whatever the count. */
async function seedSources(sql: SqlClient, subjects: number): Promise<void> {
  const helpdesk = readFileSync(path.join(ROOT, 'sources', 'support-schema.sql'), 'utf8').split(/;\s*(?:\n|$)/).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean);
  for (const statement of [...SHOP_TABLES, ...helpdesk]) await sql.query(statement);
  const data = demoDataset({ subjects });
  const orders = data.orders.filter((o) => o._id.startsWith('ord_user'));
  await sql.query(
    `INSERT INTO orders (id, customer_id, email, phone, name, address, created_at, total, currency, items, ip, device)
     SELECT x.id, x.customer_id, x.email, x.phone, x.name, x.address, x.created_at, x.total, x.currency, x.items, x.ip, x.device
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, customer_id text, email text, phone text, name text, address text, created_at timestamptz,
            total double precision, currency text, items jsonb, ip text, device text)`,
    [JSON.stringify(orders.map((o) => ({ id: o._id, customer_id: o.customerId, email: o.email, phone: o.phone, name: o.name, address: o.address, created_at: o.createdAt, total: o.total, currency: o.currency, items: o.items, ip: o.ip, device: o.device })))],
  );
  const subscribed = Array.from({ length: Math.floor(subjects / 3) }, (_, i) => generatedPerson(3 * (i + 1)));
  await sql.query(
    `INSERT INTO subscribers (id, email, name, lists, subscribed_at, signup_form)
     SELECT x.id, x.email, x.name, ARRAY['product-news'], '2025-01-01T00:00:00Z', 'footer' FROM jsonb_to_recordset($1::jsonb) AS x(id text, email text, name text)`,
    [JSON.stringify(subscribed.map((p) => ({ id: `sub_${p.key}`, email: p.email, name: p.name })))],
  );
  await seedSupport(sql, data.tickets.filter((t) => t.id.startsWith('tkt_user')));
}
