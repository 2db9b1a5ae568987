import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from 'pino';
import type { TokenVerifier } from './auth/createTokenVerifier';
import type { Config } from './config';
import { demoSources, type DemoSources } from './demo/demoSources';
import { seedDemo } from './demo/seedDemo';
import { startDemoServices } from './demo/startDemoServices';
import { createDsrService } from './dsr/createDsrService';
import type { GatewayServices } from './GatewayServices';
import { createRateLimiter } from './http/createRateLimiter';
import { createLogger } from './logging/createLogger';
import { explorerOperationNames } from './explorer/explorerOperationNames';
import { createMetrics } from './metrics';
import { readNoticeChannels } from './notices/readNoticeChannels';
import type { NoticeChannels } from './notices/NoticeChannels';
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
import { ensureOwnerOnlyDir } from './store/embedded/ensureOwnerOnlyDir';
import { openGatewayState } from './state/openGatewayState';
import { createPseudonymizer } from './subjects/Pseudonymizer';
import { RetentionClock } from './retention/RetentionClock';
import { compileStatistics } from './statistics/compileStatistics';
import type { CompiledStatistics } from './statistics/StatisticSet';
import { createTracing } from './tracing/createTracing';
import { traceSourceCalls } from './tracing/traceSourceCalls';

export interface Gateway {
  readonly services: GatewayServices;
  readonly server: GatewayServer;
  /** The systems the declared sources opened, by source name (tests and the benchmark look at them directly). */
  readonly systems: ReadonlyMap<string, DocumentStore | SqlClient>;
  /** The demo's systems by their demo names, and the demo processor when it runs in-process. */
  readonly sources: DemoSources;
  /** Whether this start seeded the demo dataset (only ever into an empty data dir). */
  readonly seeded: boolean;
  /** The retention clock (started with the worker): tests run it by hand when it is not started. */
  readonly retention: RetentionClock;
  close(): Promise<void>;
}

export interface GatewayOverrides {
  readonly logger?: Logger;
  /** Wrap the systems a source kind opens (tests count calls at the source) or a connector (a faulty adapter). */
  readonly wrapDocumentStore?: (store: DocumentStore, source: string) => DocumentStore;
  readonly wrapSql?: (sql: SqlClient, source: string) => SqlClient;
  /** Wrap the client of the gateway's own state (tests count or break its statements). */
  readonly wrapStateSql?: (sql: SqlClient) => SqlClient;
  readonly wrapConnector?: (connector: Connector) => Connector;
  /** Wrap the token verifier (tests count the signatures checked). */
  readonly wrapVerifier?: (verify: TokenVerifier) => TokenVerifier;
  /** Start the DSR worker (tests drive it themselves when false). Default true. */
  readonly startWorker?: boolean;
  /** Also export every span here (tests: an in-memory exporter). */
  readonly spanExporter?: SpanExporter;
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
  // Every embedded system and export lives under it: owner-only, whatever the umask.
  await ensureOwnerOnlyDir(config.dataDir);
  const pseudonymizer = createPseudonymizer(config.pseudonymSecret);
  const state = await openGatewayState({
    url: config.stateUrl,
    embeddedDir: sub('state'),
    pseudonymizer,
    poolMax: config.sqlPoolMax,
    wrapSql: overrides.wrapStateSql,
    // The process log holds every checkpoint too: an anchor the state's database cannot rewrite.
    audit: { key: config.audit.key, onCheckpoint: (checkpoint) => logger.info({ auditCheckpoint: checkpoint }, 'audit checkpoint') },
  });
  if (config.audit.derivedKey) logger.warn('GATEWAY_AUDIT_KEY is not set: the audit chain is keyed with a key derived from the pseudonym secret (development only)');
  if (!(await state.audit.checkpoint())) logger.error('audit chain head is not signed with GATEWAY_AUDIT_KEY: the chain was altered, or the key changed (verifyAuditLog says how)');
  // Seed only into a data dir whose state no gateway ever started on: a restart never brings
  // erased or changed data back. (A freshly migrated, empty state may already be there.) Known
  // before the sources open, because a declared embedded system seeds itself on a fresh start.
  const freshDataDir = !existsSync(sub('SEEDED')) && (await state.meta.none());
  await state.meta.setOnce('created');
  const wantSeed = config.seedDemo === 'on' || (config.seedDemo === 'auto' && freshDataDir && !config.mongodbUrl && !config.stateUrl);

  const demo = await startDemoServices(config);
  const systems = new Map<string, DocumentStore | SqlClient>();
  const context: KindContext = {
    openDocumentStore: ({ url, database, name }) => {
      const store = (overrides.wrapDocumentStore ?? ((s) => s))(createDocumentStore({ mongodbUrl: url, dbName: database, dir: sub(name) }), name);
      systems.set(name, store);
      return store;
    },
    openSql: ({ url, name }) => {
      const sql = (overrides.wrapSql ?? ((s) => s))(createSqlClient({ url: url ?? `pglite://${sub(name)}`, max: config.sqlPoolMax }), name);
      systems.set(name, sql);
      return sql;
    },
    timeoutMs: config.sourceTimeoutMs,
    hashKey: config.pseudonymSecret,
    seed: wantSeed,
    onWarning: (message) => logger.warn({ source: message }, 'source index'),
  };
  const metrics = createMetrics({ operations: [...explorerOperationNames(), ...config.metricsOperations] });
  const tracing = createTracing({ endpoint: config.otlpEndpoint, serviceName: config.serviceName, exporter: overrides.spanExporter });
  const wrap = overrides.wrapConnector ?? ((c) => c);
  let opened: Connector[] = [];
  let channels: NoticeChannels = { recipients: new Map(), sources: new Map() };
  let statistics: CompiledStatistics;
  try {
    opened = await openSources({
      raw: readSourcesFiles(config.sourcesFile, { ...config.env, ...demo.env }),
      policy,
      kinds: SOURCE_KINDS,
      context,
      onWarning: (message) => logger.warn({ declaration: message }, 'source declaration'),
      // Checked before any system opens: a bad notice url stops start-up touching nothing.
      onCompiled: (declarations) => {
        channels = readNoticeChannels({ policy, declarations, env: config.env, onNoChannel: (receiver) => logger.warn({ receiver }, 'notices to this receiver are due with no channel (no url declared or its variable unset)') });
      },
    });
    // The statistic sets against the sources as opened (what each kind can list).
    statistics = compileStatistics(policy, opened, (message) => logger.warn({ statistics: message }, 'statistic set left out'));
  } catch (error) {
    await Promise.allSettled(opened.map((c) => c.close()));
    await demo.stop();
    await state.close();
    throw error;
  }
  const connectors = opened.map((c) => guardConnector(wrap(c), { timeoutMs: config.sourceTimeoutMs, halfOpenAfterMs: config.sourceBreakerHalfOpenMs, observer: traceSourceCalls(metrics.sourceObserver, tracing) }));

  const { registry, audit } = state;
  const base = { config, policy, connectors, channels, state, registry, pseudonymizer, audit, logger, metrics, tracing, statistics, rateLimiter: createRateLimiter(policy.rateLimit) };
  const dsr = await createDsrService(base);
  const services: GatewayServices = { ...base, dsr };
  const sources = demoSources(systems, demo.processor);

  // The demo is seeded once, ever: a marker in the gateway's state (and, embedded, a file) says so.
  const seeded = wantSeed && !(await state.meta.get('demo-seed')) ? await seedDemo({ services, sources, subjects: config.seedSubjects }) : false;
  if (seeded) {
    await state.meta.setOnce('demo-seed');
    writeFileSync(sub('SEEDED'), `demo dataset seeded ${new Date().toISOString()}\n`, { mode: 0o600 });
  }
  const server = await createServer(services, { wrapVerifier: overrides.wrapVerifier });
  const retention = new RetentionClock(services, { intervalMs: config.retentionIntervalMs });
  if (overrides.startWorker !== false) {
    dsr.start();
    retention.start();
  }
  return {
    services,
    server,
    systems,
    sources,
    seeded,
    retention,
    close: async () => {
      await retention.stop();
      await dsr.stop();
      await server.close();
      await Promise.allSettled(connectors.map((c) => c.close()));
      await demo.stop();
      await state.audit.flush().catch((error: unknown) => logger.error({ err: error }, 'audit checkpoint at shutdown failed'));
      await state.close();
      await tracing?.shutdown();
    },
  };
}
