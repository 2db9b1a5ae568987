import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connector } from '../src/sources/Connector';
import type { SourceCallCounts } from '../test/kit/countingSources';
import { countingSql, countingStore } from '../test/kit/countingSources';
import { ensurePgliteTemplate } from '../test/kit/pgliteTemplate';
import type { TestGateway } from '../test/kit/startTestGateway';
import { startTestGateway } from '../test/kit/startTestGateway';

/** Calls made AT the sources (see test/kit/countingSources), and the gateway's own fan-out. */
export interface SourceCounters extends SourceCallCounts {
  /** findByIdentities calls per source, as the gateway made them (fan-out rounds). */
  finds: Map<string, number>;
  reset(): void;
}

export interface BenchGateway {
  readonly gw: TestGateway;
  readonly counters: SourceCounters;
}

/** Counts every read, and optionally answers it `delayMs` late: a source on the far side of a network. */
function instrumentedConnector(connector: Connector, counters: SourceCounters, delayMs: number): Connector {
  return {
    ...connector,
    findByIdentities: async (keys, options) => {
      counters.finds.set(connector.name, (counters.finds.get(connector.name) ?? 0) + 1);
      if (delayMs > 0) await sleep(delayMs);
      return connector.findByIdentities(keys, options);
    },
  };
}

/**
 * A real gateway over the embedded stack (the test kit's, on a free loopback port and a temp data
 * dir; its own state on a PostgreSQL server when `stateUrl` is given: a fresh database, seeded as
 * an empty data dir is), with counters at the sources. Source timeouts are generous: the benchmark
 * measures cost, and a 1 000-ref batch under load must not turn into SOURCE_UNAVAILABLE.
 */
export async function startBenchGateway(options: { seedSubjects: number; delayMs?: number; stateUrl?: string }): Promise<BenchGateway> {
  await ensurePgliteTemplate();
  const counters: SourceCounters = {
    orderReads: 0,
    sqlQueries: 0,
    finds: new Map(),
    reset() {
      this.orderReads = 0;
      this.sqlQueries = 0;
      this.finds.clear();
    },
  };
  const gw = await startTestGateway({
    env: { SEED_SUBJECTS: String(options.seedSubjects), SOURCE_TIMEOUT_MS: '30000', POLICY_FILE: unlimitedPolicy(), ...(options.stateUrl ? { GATEWAY_STATE_URL: options.stateUrl, GATEWAY_SEED_DEMO: 'on' } : {}) },
    overrides: {
      wrapDocumentStore: (store, name) => (name === 'orders' ? countingStore(store, counters) : store),
      wrapSql: (sql) => countingSql(sql, counters),
      wrapConnector: (connector) => instrumentedConnector(connector, counters, options.delayMs ?? 0),
    },
  });
  return { gw, counters };
}

/**
 * The shipped policy without its per-client rate limit: the load generator is one client sending
 * far more than the shipped bucket allows, and the benchmark measures the cost of enforcement,
 * not the limit (which answers 429 to all but the first 2 000 lookups a minute).
 */
function unlimitedPolicy(): string {
  const shipped = readFileSync(path.join(__dirname, '..', 'policy', 'default.yaml'), 'utf8');
  const unlimited = shipped.replace(/^rateLimit:.*$/m, 'rateLimit: off');
  if (unlimited === shipped) throw new TypeError('expected a rateLimit line in policy/default.yaml, got none');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-policy-')), 'policy.yaml');
  writeFileSync(file, unlimited);
  return file;
}
