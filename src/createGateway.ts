import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { createOrdersConnector } from '../connectors/orders/OrdersConnector';
import { createPaymentsConnector } from '../connectors/payments/PaymentsConnector';
import type { DemoProcessor } from '../connectors/payments/demo/startDemoProcessor';
import { startDemoProcessor } from '../connectors/payments/demo/startDemoProcessor';
import { createSupportConnector } from '../connectors/support/SupportConnector';
import { migrateSupport } from '../connectors/support/supportSchema';
import type { Config } from './config';
import { createDsrService } from './dsr/createDsrService';
import type { GatewayServices } from './GatewayServices';
import { createLogger } from './logging/createLogger';
import { createMetrics } from './metrics';
import { loadPolicy } from './policy/loadPolicy';
import type { GatewayServer } from './server';
import { createServer } from './server';
import type { Connector } from './sources/Connector';
import { guardConnector } from './sources/guardConnector';
import type { SqlClient } from './sql/SqlClient';
import { createSqlClient } from './sql/createSqlClient';
import type { DocumentStore } from './store/DocumentStore';
import { createDocumentStore } from './store/createDocumentStore';
import { seedDemo } from './demo/seedDemo';
import { openGatewayState } from './state/openGatewayState';
import { createPseudonymizer } from './subjects/Pseudonymizer';

export interface Gateway {
  readonly services: GatewayServices;
  readonly server: GatewayServer;
  /** The systems behind the connectors, for tests and the benchmark to look at directly. */
  readonly sources: { readonly orders: DocumentStore; readonly support: SqlClient; readonly processor: DemoProcessor | null };
  /** Whether this start seeded the demo dataset (only ever into an empty data dir). */
  readonly seeded: boolean;
  close(): Promise<void>;
}

export interface GatewayOverrides {
  readonly logger?: Logger;
  /** Wrap the systems (tests count calls at the source) or a connector (a faulty adapter). */
  readonly wrapOrdersStore?: (store: DocumentStore) => DocumentStore;
  readonly wrapSql?: (sql: SqlClient) => SqlClient;
  /** Wrap the client of the gateway's own state (tests count or break its statements). */
  readonly wrapStateSql?: (sql: SqlClient) => SqlClient;
  readonly wrapConnector?: (connector: Connector) => Connector;
  /** Start the DSR worker (tests drive it themselves when false). Default true. */
  readonly startWorker?: boolean;
}

/**
 * The composition root: opens every source (embedded unless its URL is configured), seeds the
 * demo into an empty data dir, and builds the services the server and the worker share.
 */
export async function createGateway(config: Config, overrides: GatewayOverrides = {}): Promise<Gateway> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const policy = loadPolicy(config.policyFile ?? undefined);
  const sub = (name: string) => path.join(config.dataDir, name);
  mkdirSync(config.dataDir, { recursive: true });

  const pseudonymizer = createPseudonymizer(config.pseudonymSecret);
  // Opened while the sources start: each embedded database boots on a thread of its own.
  const opening = openGatewayState({ url: config.stateUrl, embeddedDir: sub('state'), pseudonymizer, wrapSql: overrides.wrapStateSql });
  opening.catch(() => undefined); // awaited below; a failure there is the start's failure
  const ordersStore = (overrides.wrapOrdersStore ?? ((s) => s))(createDocumentStore({ mongodbUrl: config.mongodbUrl, dbName: 'shop', dir: sub('orders') }));
  const sql = (overrides.wrapSql ?? ((s) => s))(createSqlClient({ url: config.supportDatabaseUrl ?? `pglite://${sub('support')}` }));
  await migrateSupport(sql);
  const processor = config.paymentsApiUrl ? null : await startDemoProcessor({ apiKey: config.paymentsApiKey, dataDir: sub('processor') });
  const metrics = createMetrics();
  const wrap = overrides.wrapConnector ?? ((c) => c);
  const connectors = [
    createOrdersConnector({ store: ordersStore }),
    createPaymentsConnector({ baseUrl: config.paymentsApiUrl ?? (processor as DemoProcessor).url, apiKey: config.paymentsApiKey, timeoutMs: config.sourceTimeoutMs }),
    createSupportConnector({ sql }),
  ].map((c) => guardConnector(wrap(c), { timeoutMs: config.sourceTimeoutMs, halfOpenAfterMs: config.sourceBreakerHalfOpenMs, observer: metrics.sourceObserver }));

  const state = await opening;
  // Seed only into a data dir whose state no gateway ever started on: a restart never brings
  // erased or changed data back. (A freshly migrated, empty state may already be there.)
  const freshDataDir = !existsSync(sub('SEEDED')) && (await state.meta.none());
  await state.meta.setOnce('created');
  const { registry, audit } = state;
  const base = { config, policy, connectors, state, registry, pseudonymizer, audit, logger, metrics };
  const dsr = await createDsrService(base);
  const services: GatewayServices = { ...base, dsr };

  // The demo is seeded once, ever: a marker in the gateway's state (and, embedded, a file) says so.
  const wantSeed = config.seedDemo === 'on' || (config.seedDemo === 'auto' && freshDataDir && !config.mongodbUrl && !config.stateUrl);
  const seeded = wantSeed && !(await state.meta.get('demo-seed')) ? await seedDemo({ services, ordersStore, sql, processor, subjects: config.seedSubjects }) : false;
  if (seeded) {
    await state.meta.setOnce('demo-seed');
    writeFileSync(sub('SEEDED'), `demo dataset seeded ${new Date().toISOString()}\n`);
  }
  const server = await createServer(services);
  if (overrides.startWorker !== false) dsr.start();
  return {
    services,
    server,
    sources: { orders: ordersStore, support: sql, processor },
    seeded,
    close: async () => {
      await dsr.stop();
      await server.close();
      await Promise.allSettled(connectors.map((c) => c.close()));
      await processor?.stop();
      await sql.close();
      await ordersStore.close();
      await state.close();
    },
  };
}
