/**
 * `npm run soak [-- --duration <s>] [--quick] [--json]`: a bounded soak of one embedded gateway
 * (fresh temp data dir, demo seeded, HTTP on loopback only). For the set duration it serves mixed
 * reads across purposes (subject and subjects queries) while a stream of erasures of generated
 * subjects runs; then it checks what must hold however long the gateway runs: no 5xx, every
 * accepted erasure completed, exactly one audit event per operation that touched personal data,
 * the audit chain intact, and memory at the end within bounds of memory after warm-up (live heap
 * 1.1×, the target; RSS 1.2×, which moves with the allocator). It stops by
 * itself; nothing leaves the machine.
 *
 * The gateway runs in this process, so memory can be read after a forced full collection (the
 * live heap, not whatever garbage the last sample happened to catch); the load generator's own
 * share of it is a few hundred kB of counters.
 */
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { TestGateway } from '../test/kit/startTestGateway';
import { startTestGateway } from '../test/kit/startTestGateway';
import { soakInstances } from './soakInstances';

export interface SoakSettings {
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Concurrent reading clients. */
  readonly readers: number;
  /** One erasure request every this many ms (every 8th is an eraseSubjects batch of 4). */
  readonly eraseEveryMs: number;
  readonly seedSubjects: number;
  /**
   * The sources' read deadline. The full soak keeps the gateway's 2 s; the quick one (run by the
   * test suite beside other suites on two cores) allows 15 s, because it checks correctness — no
   * failed request, every erasure completed, one audit event per operation — and a CPU-starved
   * read past 2 s would open a source's circuit and fail reads for reasons that are not the gateway's.
   */
  readonly sourceTimeoutMs: number;
}

export const soakSettings = (options: { quick: boolean; seconds?: number }): SoakSettings => {
  const seconds = options.seconds ?? (options.quick ? 10 : 120);
  return { seconds, warmupSeconds: Math.max(2, Math.min(20, Math.round(seconds / 6))), readers: 6, eraseEveryMs: 250, seedSubjects: options.quick ? 400 : 1000, sourceTimeoutMs: options.quick ? 15_000 : 2000 };
};

export interface MemoryFigures { rssMb: number; heapUsedMb: number }

export interface SoakResult {
  seconds: number;
  machine: string;
  operations: Record<string, { count: number; p50Ms: number; p99Ms: number }>;
  total: number;
  http5xx: number;
  /** Requests that got no HTTP answer, or any GraphQL error: every operation the soak sends is valid and allowed. */
  failures: number;
  errorCodes: Record<string, number>;
  erasures: { accepted: number; completed: number; failed: number; pending: number; drainMs: number };
  /** Counted in the audit_events table before and after the run, and by re-walking the chain. */
  audit: { eventsWritten: number; auditedOperations: number; chainOk: boolean; chainLength: number; stored: number };
  memory: {
    afterWarmup: MemoryFigures;
    atEnd: MemoryFigures;
    rssRatio: number;
    /** The state (audit events included) is in SQL, not in this heap: a growing heap would show a leak. */
    heapRatio: number;
  };
  ok: { no5xx: boolean; erasuresCompleted: boolean; auditExact: boolean; memory: boolean };
}

/** Memory at the end over memory after warm-up: the live heap (the target) and RSS. */
const HEAP_LIMIT = 1.1;
const RSS_LIMIT = 1.2;

const OFFICER = { roles: ['privacy_officer'], purpose: 'dsr_handling' } as const;
/** Generated subjects 1..READ_POOL are only read; erasures take the ones after, never read. */
const READ_POOL = 200;
const email = (n: number) => `user${n}@demo.example`;
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const someUser = () => 1 + Math.floor(Math.random() * READ_POOL);

interface ReadKind {
  name: string;
  roles: string[];
  purpose: string;
  query: string;
  variables: (gw: TestGateway) => Record<string, unknown>;
}

/** Analytics finds subjects only by the pseudonyms it was given (CONTRACT.md §5): here, straight from the gateway's keys. */
const analyticsPseudonym = (gw: TestGateway, n: number) => gw.gateway.services.pseudonymizer.forPurpose('analytics').identity({ type: 'EMAIL', value: email(n) });

/** Every read names subjects that exist and are never erased, so each one touches personal data (and is audited). */
const READS: readonly ReadKind[] = [
  { name: 'subject/order_fulfillment', roles: ['shop_service'], purpose: 'order_fulfillment', query: 'query($ref: SubjectRef!){ subject(ref:$ref){ id status profile { name email address } orders { id total items { sku quantity } } } }', variables: () => ({ ref: { email: email(someUser()) } }) },
  { name: 'subject/customer_support', roles: ['support_agent'], purpose: 'customer_support', query: 'query($ref: SubjectRef!){ subject(ref:$ref){ id profile { name phone } orders { id } supportMessages { id author body } } }', variables: () => ({ ref: { email: pick(['alice@example.com', 'carol@example.com', email(10 * (1 + Math.floor(Math.random() * 20)))]) } }) },
  { name: 'subject/payment_processing', roles: ['billing_service'], purpose: 'payment_processing', query: 'query($ref: SubjectRef!){ subject(ref:$ref){ id profile { name } payments { id amount currency status cardLast4 } } }', variables: () => ({ ref: { customerId: `cus_user${someUser()}` } }) },
  { name: 'subject/fraud_prevention', roles: ['billing_service'], purpose: 'fraud_prevention', query: 'query($ref: SubjectRef!){ subject(ref:$ref){ id identities { type value } orders { ip total } payments { status } } }', variables: () => ({ ref: { email: email(someUser()) } }) },
  { name: 'subject/marketing', roles: ['marketing_service'], purpose: 'marketing', query: 'query($ref: SubjectRef!){ subject(ref:$ref){ id profile { name email } orders { items { name } } } }', variables: () => ({ ref: { email: 'alice@example.com' } }) },
  { name: 'subjects/analytics', roles: ['analyst'], purpose: 'analytics', query: 'query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id identities { type value } orders { total device items { sku } } } }', variables: (gw) => ({ refs: Array.from({ length: 10 }, () => ({ pseudonym: analyticsPseudonym(gw, someUser()) })) }) },
  { name: 'subjects/legal_compliance', roles: ['privacy_officer'], purpose: 'legal_compliance', query: 'query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id status orders { id } payments { id } supportMessages { id } } }', variables: () => ({ refs: [{ phone: '+79990000003' }, { email: 'dave@example.com' }, ...Array.from({ length: 8 }, () => ({ customerId: `cus_user${someUser()}` }))] }) },
];

const ERASE = 'mutation($input: EraseSubjectInput!){ eraseSubject(input:$input){ id status } }';
const ERASE_MANY = 'mutation($inputs: [EraseSubjectInput!]!){ eraseSubjects(inputs:$inputs){ id status } }';

class Tally {
  readonly latencies = new Map<string, number[]>();
  http5xx = 0;
  failures = 0;
  audited = 0;
  readonly codes: Record<string, number> = {};

  /** One operation: counts its outcome, and whether the gateway must have audited it. */
  async run(gw: TestGateway, name: string, op: { roles: readonly string[]; purpose: string; query: string; variables?: Record<string, unknown> }, touches: (data: Record<string, any> | null | undefined) => boolean): Promise<Record<string, any> | null> {
    const started = performance.now();
    try {
      const r = await gw.query(op.query, op);
      const latencies = this.latencies.get(name) ?? [];
      this.latencies.set(name, latencies);
      latencies.push(performance.now() - started);
      if (r.status >= 500) this.http5xx++;
      for (const e of r.body.errors ?? []) this.codes[String(e.extensions?.code)] = (this.codes[String(e.extensions?.code)] ?? 0) + 1;
      if (r.body.errors?.length) this.failures++;
      if (r.status === 200 && touches(r.body.data)) this.audited++;
      return r.body.data ?? null;
    } catch {
      this.failures++;
      return null;
    }
  }
}

/** A full collection first (`--expose-gc` switched on at run time), then the process's figures. */
function liveMemory(): MemoryFigures {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (!exposed) v8.setFlagsFromString('--expose-gc');
  const gc = exposed ?? (vm.runInNewContext('gc') as () => void);
  gc();
  gc();
  const m = process.memoryUsage();
  return { rssMb: m.rss / 2 ** 20, heapUsedMb: m.heapUsed / 2 ** 20 };
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

interface Snapshot { memory: MemoryFigures }

/** RSS window: this many seconds right after warm-up, and the last as many of the load. */
const RSS_WINDOW_S = 10;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Runs the readers and the erasure stream until `until`; takes the live-heap snapshot at
 * `warmupEnd`, and samples RSS every second. A single RSS reading of this process swings by
 * ±10 % from one second to the next (PGlite's worker, malloc arenas) with no trend: the RSS
 * figures are medians over a window of samples.
 */
async function load(gw: TestGateway, s: SoakSettings, tally: Tally, times: { until: number; warmupEnd: number }, snapshot: () => Promise<Snapshot>): Promise<{ erasureIds: string[]; warm: Snapshot; rss: { warm: number; end: number } }> {
  const erasureIds: string[] = [];
  const rss: Array<{ at: number; mb: number }> = [];
  const touchedSubject = (d: Record<string, any> | null | undefined) => Boolean(d?.subject) || (Array.isArray(d?.subjects) && d.subjects.some(Boolean));
  const reader = async () => {
    while (Date.now() < times.until) {
      const kind = pick(READS);
      await tally.run(gw, kind.name, { ...kind, variables: kind.variables(gw) }, touchedSubject);
    }
  };
  const eraser = async () => {
    let next = READ_POOL + 1;
    for (let tick = 0; Date.now() < times.until && next + 4 <= s.seedSubjects; tick++) {
      const input = (n: number) => ({ ref: { email: email(n) }, reason: 'soak: art. 17', idempotencyKey: `soak-erase-${n}` });
      const batch = tick % 8 === 7 ? [next, next + 1, next + 2, next + 3] : [next];
      next += batch.length;
      const data = batch.length === 1
        ? await tally.run(gw, 'eraseSubject', { ...OFFICER, query: ERASE, variables: { input: input(batch[0] as number) } }, () => true)
        : await tally.run(gw, 'eraseSubjects', { ...OFFICER, query: ERASE_MANY, variables: { inputs: batch.map(input) } }, () => true);
      for (const r of (data?.eraseSubject ? [data.eraseSubject] : (data?.eraseSubjects ?? [])) as Array<{ id: string }>) erasureIds.push(r.id);
      await sleep(s.eraseEveryMs);
    }
  };
  const sampler = async () => {
    for (; Date.now() < times.until; await sleep(1000)) rss.push({ at: Date.now(), mb: process.memoryUsage.rss() / 2 ** 20 });
  };
  const warm = sleep(times.warmupEnd - Date.now()).then(snapshot);
  await Promise.all([...Array.from({ length: s.readers }, reader), eraser(), sampler()]);
  const window = (from: number, to: number) => median(rss.filter((x) => x.at >= from && x.at < to).map((x) => x.mb));
  return { erasureIds, warm: await warm, rss: { warm: window(times.warmupEnd, times.warmupEnd + RSS_WINDOW_S * 1000), end: window(times.until - RSS_WINDOW_S * 1000, times.until) } };
}

/** Lists the ledger's erasures (pages of 100, each listing itself audited) until none of the accepted ones is open. */
async function drain(gw: TestGateway, tally: Tally, ids: readonly string[], timeoutMs: number): Promise<{ completed: number; failed: number; pending: number; drainMs: number }> {
  const started = Date.now();
  const query = 'query($after: String){ dsrRequests(type: ERASE, first: 100, after: $after){ edges { node { id status certificate { sha256 } } } pageInfo { hasNextPage endCursor } } }';
  let status = new Map<string, string>();
  for (;;) {
    status = new Map();
    let after: string | null = null;
    do {
      const data = await tally.run(gw, 'dsrRequests (drain)', { ...OFFICER, query, variables: { after } }, (d) => Boolean(d?.dsrRequests));
      const page = data?.dsrRequests as { edges: Array<{ node: { id: string; status: string; certificate: unknown } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } | undefined;
      for (const { node } of page?.edges ?? []) status.set(node.id, node.status === 'COMPLETED' && !node.certificate ? 'COMPLETED WITHOUT CERTIFICATE' : node.status);
      after = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const open = ids.filter((id) => status.get(id) !== 'COMPLETED' && status.get(id) !== 'FAILED').length;
    if (open === 0 || Date.now() - started > timeoutMs) break;
    await new Promise((res) => setTimeout(res, 500));
  }
  const count = (st: string) => ids.filter((id) => status.get(id) === st).length;
  return { completed: count('COMPLETED'), failed: count('FAILED'), pending: ids.length - count('COMPLETED') - count('FAILED'), drainMs: Date.now() - started };
}

function latencyFigures(tally: Tally): SoakResult['operations'] {
  return Object.fromEntries([...tally.latencies].sort(([a], [b]) => a.localeCompare(b)).map(([name, l]) => {
    const sorted = [...l].sort((a, b) => a - b);
    return [name, { count: l.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)) }];
  }));
}

/** The two memory points. */
function memoryFigures(m: { warm: Snapshot; end: Snapshot; rss: { warm: number; end: number } }): SoakResult['memory'] {
  return {
    afterWarmup: { rssMb: round(m.rss.warm), heapUsedMb: round(m.warm.memory.heapUsedMb) },
    atEnd: { rssMb: round(m.rss.end), heapUsedMb: round(m.end.memory.heapUsedMb) },
    rssRatio: round(m.rss.end / m.rss.warm, 2),
    heapRatio: round(m.end.memory.heapUsedMb / m.warm.memory.heapUsedMb, 2),
  };
}

export async function runSoak(s: SoakSettings, progress: (line: string) => void = () => undefined): Promise<SoakResult> {
  progress(`starting the gateway (seeding ${s.seedSubjects} generated subjects)`);
  const gw = await startTestGateway({ env: { SEED_SUBJECTS: String(s.seedSubjects), SOURCE_TIMEOUT_MS: String(s.sourceTimeoutMs) } });
  try {
    // Accesses only: the retention clock's runs are events of the chain too (`act`), not operations of the load.
    const countEvents = async () => (await gw.gateway.services.state.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE act IS NULL')).rows[0]?.n ?? 0;
    const countAll = async () => (await gw.gateway.services.state.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events')).rows[0]?.n ?? 0;
    const snapshot = async (): Promise<Snapshot> => ({ memory: liveMemory() });
    const before = await countEvents();
    const tally = new Tally();
    const startedAt = Date.now();
    progress(`load for ${s.seconds} s (warm-up ${s.warmupSeconds} s, ${s.readers} readers, one erasure request every ${s.eraseEveryMs} ms)`);
    const { erasureIds, warm, rss } = await load(gw, s, tally, { until: startedAt + s.seconds * 1000, warmupEnd: startedAt + s.warmupSeconds * 1000 }, snapshot);
    const end = await snapshot();
    progress(`draining ${erasureIds.length} erasures`);
    const erasures = await drain(gw, tally, erasureIds, 120_000);
    const accesses = await countEvents();
    const stored = await countAll();
    const chain = (await gw.query('{ verifyAuditLog { ok checked } }', OFFICER)).body.data?.verifyAuditLog as { ok: boolean; checked: number };
    const operations = latencyFigures(tally);
    const memory = memoryFigures({ warm, end, rss });
    const audit = { eventsWritten: accesses - before, auditedOperations: tally.audited, chainOk: chain.ok, chainLength: chain.checked, stored };
    return {
      seconds: s.seconds,
      machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${round(os.totalmem() / 2 ** 30)} GB, ${os.platform()} ${os.release()}, Node ${process.version}`,
      operations,
      total: Object.values(operations).reduce((sum, o) => sum + o.count, 0),
      http5xx: tally.http5xx,
      failures: tally.failures,
      errorCodes: tally.codes,
      erasures: { accepted: erasureIds.length, ...erasures },
      audit,
      memory,
      ok: {
        no5xx: tally.http5xx === 0 && tally.failures === 0,
        erasuresCompleted: erasureIds.length > 0 && erasures.completed === erasureIds.length,
        auditExact: audit.chainOk && audit.eventsWritten === audit.auditedOperations && audit.chainLength === stored,
        memory: memory.rssRatio <= RSS_LIMIT && memory.heapRatio <= HEAP_LIMIT,
      },
    };
  } finally {
    await gw.close();
  }
}

export function formatSoak(r: SoakResult, options: { memoryAsserted: boolean }): string {
  const mark = (ok: boolean) => (ok ? 'ok' : 'FAILED');
  const m = r.memory;
  const memoryMark = (ratio: number, limit: number) => (ratio <= limit ? 'ok' : options.memoryAsserted ? 'FAILED' : 'over (not asserted on a short run)');
  return [
    `soak: ${r.seconds} s on ${r.machine}`,
    '',
    '| operation | count | p50 ms | p99 ms |',
    '|---|---:|---:|---:|',
    ...Object.entries(r.operations).map(([name, o]) => `| ${name} | ${o.count} | ${o.p50Ms} | ${o.p99Ms} |`),
    `| **total** | ${r.total} | | |`,
    '',
    '| check | figure | result |',
    '|---|---|---|',
    `| no 5xx, no failed request | ${r.http5xx} × 5xx, ${r.failures} failed (GraphQL error codes: ${JSON.stringify(r.errorCodes)}) | ${mark(r.ok.no5xx)} |`,
    `| every accepted erasure completed | ${r.erasures.completed} of ${r.erasures.accepted} (failed ${r.erasures.failed}, open ${r.erasures.pending}; all done ${r.erasures.drainMs} ms after the load) | ${mark(r.ok.erasuresCompleted)} |`,
    `| audit events = audited operations | ${r.audit.eventsWritten} written, ${r.audit.auditedOperations} operations touched personal data; chain of ${r.audit.chainLength} ${r.audit.chainOk ? 'verifies' : 'BROKEN'} | ${mark(r.ok.auditExact)} |`,
    `| RSS end / after warm-up (medians of ${RSS_WINDOW_S} s windows) | ${m.atEnd.rssMb} / ${m.afterWarmup.rssMb} MB = ${m.rssRatio} (≤ ${RSS_LIMIT}) | ${memoryMark(m.rssRatio, RSS_LIMIT)} |`,
    `| heapUsed end / after warm-up (live, after a full GC) | ${m.atEnd.heapUsedMb} / ${m.afterWarmup.heapUsedMb} MB = ${m.heapRatio} (≤ ${HEAP_LIMIT}) | ${memoryMark(m.heapRatio, HEAP_LIMIT)} |`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--duration');
  const seconds = at >= 0 ? Number(args[at + 1]) : undefined;
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 5 || seconds > 3600)) throw new TypeError(`--duration: expected whole seconds from 5 to 3600, got ${JSON.stringify(args[at + 1])}`);
  const quick = args.includes('--quick');
  const json = args.includes('--json');
  const instances = args.indexOf('--instances');
  if (instances >= 0) {
    const given = args[instances + 1] !== undefined && !args[instances + 1]?.startsWith('--') ? Number(args[instances + 1]) : 1000;
    if (!Number.isInteger(given) || given < 10 || given > 100_000) throw new TypeError(`--instances: expected a number of erasures from 10 to 100000, got ${JSON.stringify(args[instances + 1])}`);
    process.exitCode = (await soakInstances({ erasures: given, json })) ? 0 : 1;
    return;
  }
  const result = await runSoak(soakSettings({ quick, seconds }), json ? undefined : (line) => console.error(line));
  // A short run is too noisy for a memory ratio: reported, asserted only on runs of a minute or more.
  const memoryAsserted = result.seconds >= 60;
  console.log(json ? JSON.stringify(result) : formatSoak(result, { memoryAsserted }));
  const ok = result.ok.no5xx && result.ok.erasuresCompleted && result.ok.auditExact && (result.ok.memory || !memoryAsserted);
  process.exitCode = ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
