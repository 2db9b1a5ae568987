import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { AuditLog } from './audit/AuditLog';
import type { Config } from './config';
import { demoSources, type DemoSources } from './demo/demoSources';
import { seedDemo } from './demo/seedDemo';
import { startDemoServices } from './demo/startDemoServices';
import { createDsrService } from './dsr/createDsrService';
import type { GatewayServices } from './GatewayServices';
import { createLogger } from './logging/createLogger';
import { createMetrics } from './metrics';
import { loadPolicy } from './policy/loadPolicy';
import type { GatewayServer } from './server';
import { createServer } from './server';
import { SOURCE_KINDS } from './sourceKinds';
import type { Connector } from './sources/Connector';
import { readSourcesFiles } from './sources/declarations/readSourcesFiles';
import { guardConnector } from './sources/guardConnector';
import { openSources } from './sources/openSources';
import type { KindContext } from './sources/SourceKind';
import type { SqlClient } from './sql/SqlClient';
import { createSqlClient } from './sql/createSqlClient';
import type { DocumentStore } from './store/DocumentStore';
import { createDocumentStore } from './store/createDocumentStore';
import { createPseudonymizer } from './subjects/Pseudonymizer';
import { SubjectRegistry } from './subjects/SubjectRegistry';

export interface Gateway {
  readonly services: GatewayServices;
  readonly server: GatewayServer;
  /** The systems the declared sources opened, by source name (tests and the benchmark look at them directly). */
  readonly systems: ReadonlyMap<string, DocumentStore | SqlClient>;
  /** The demo's systems by their demo names, and the demo processor when it runs in-process. */
  readonly sources: DemoSources;
  /** Whether this start seeded the demo dataset (only ever into an empty data dir). */
  readonly seeded: boolean;
  close(): Promise<void>;
}

export interface GatewayOverrides {
  readonly logger?: Logger;
  /** Wrap the systems a source kind opens (tests count calls at the source) or a connector (a faulty adapter). */
  readonly wrapDocumentStore?: (store: DocumentStore, source: string) => DocumentStore;
  readonly wrapSql?: (sql: SqlClient, source: string) => SqlClient;
  readonly wrapConnector?: (connector: Connector) => Connector;
  /** Start the DSR worker (tests drive it themselves when false). Default true. */
  readonly startWorker?: boolean;
}

/**
 * The composition root: reads the declared sources (GATEWAY_SOURCES_FILE) and opens each through
 * the registry of kinds (embedded unless its URL is configured), seeds the demo into an empty data
 * dir, and builds the services the server and the worker share. It names no source.
 */
export async function createGateway(config: Config, overrides: GatewayOverrides = {}): Promise<Gateway> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const policy = loadPolicy(config.policyFile ?? undefined);
  const sub = (name: string) => path.join(config.dataDir, name);
  // Seed only into a data dir that never held the gateway's state: a restart never brings erased
  // or changed data back. (An initialised but empty embedded database may already be there.)
  const freshDataDir = !existsSync(sub('SEEDED')) && !existsSync(sub('state'));
  mkdirSync(config.dataDir, { recursive: true });
  const wantSeed = config.seedDemo === 'on' || (config.seedDemo === 'auto' && freshDataDir && !config.mongodbUrl);

  const demo = await startDemoServices(config);
  const systems = new Map<string, DocumentStore | SqlClient>();
  const context: KindContext = {
    openDocumentStore: ({ url, database, name }) => {
      const store = (overrides.wrapDocumentStore ?? ((s) => s))(createDocumentStore({ mongodbUrl: url, dbName: database, dir: sub(name) }), name);
      systems.set(name, store);
      return store;
    },
    openSql: ({ url, name }) => {
      const sql = (overrides.wrapSql ?? ((s) => s))(createSqlClient({ url: url ?? `pglite://${sub(name)}` }), name);
      systems.set(name, sql);
      return sql;
    },
    hashKey: config.pseudonymSecret,
    seed: wantSeed,
  };
  const metrics = createMetrics();
  const wrap = overrides.wrapConnector ?? ((c) => c);
  let opened: Connector[] = [];
  try {
    opened = await openSources({
      raw: readSourcesFiles(config.sourcesFile, { ...config.env, ...demo.env }),
      policy,
      kinds: SOURCE_KINDS,
      context,
      onWarning: (message) => logger.warn({ declaration: message }, 'source declaration'),
    });
  } catch (error) {
    await demo.stop();
    throw error;
  }
  const connectors = opened.map((c) => guardConnector(wrap(c), { timeoutMs: config.sourceTimeoutMs, halfOpenAfterMs: config.sourceBreakerHalfOpenMs, observer: metrics.sourceObserver }));

  const state = createDocumentStore({ mongodbUrl: config.mongodbUrl, dbName: 'privacy_gateway', dir: sub('state') });
  const pseudonymizer = createPseudonymizer(config.pseudonymSecret);
  const registry = new SubjectRegistry(state, pseudonymizer);
  const audit = new AuditLog(state);
  await Promise.all([registry.init(), audit.init()]);
  const base = { config, policy, connectors, state, registry, pseudonymizer, audit, logger, metrics };
  const dsr = await createDsrService(base);
  const services: GatewayServices = { ...base, dsr };
  const sources = demoSources(systems, demo.processor);

  // The demo is seeded once, ever: a marker in the gateway's state (and, embedded, a file) says so.
  const meta = state.collection<{ _id: string; at: string }>('meta');
  const seeded = wantSeed && !(await meta.findOne({ _id: 'demo-seed' })) ? await seedDemo({ services, sources, subjects: config.seedSubjects }) : false;
  if (seeded) {
    await meta.updateOne({ _id: 'demo-seed' }, { $set: { at: new Date().toISOString() } }, { upsert: true });
    writeFileSync(sub('SEEDED'), `demo dataset seeded ${new Date().toISOString()}\n`);
  }
  const server = await createServer(services);
  if (overrides.startWorker !== false) dsr.start();
  return {
    services,
    server,
    systems,
    sources,
    seeded,
    close: async () => {
      await dsr.stop();
      await server.close();
      await Promise.allSettled(connectors.map((c) => c.close()));
      await demo.stop();
      await state.close();
    },
  };
}
