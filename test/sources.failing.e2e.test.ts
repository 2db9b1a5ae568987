import type { FaultSpec } from '../connectors/payments/demo/FaultInjector';
import type { DemoProcessor } from '../connectors/payments/demo/startDemoProcessor';
import type { RouteName } from '../connectors/payments/demo/processorRoutes';
import type { Connector } from '../src/sources/Connector';
import { mutate, waitFor } from './kit/dsr';
import { flakySql } from './kit/flakySql';
import { processorHoldings } from './kit/processorHoldings';
import type { GraphQLResult, TestGateway } from './kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from './kit/startTestGateway';

/**
 * A source that fails must cost a reader at most its timeout, null only its own fields, stop
 * being called while it is down (circuit breaker) and be called again by itself once it may be
 * back. Erasures ride through the same failures: retried with backoff until the source answers.
 *
 * Wall-time assertions here are correctness bounds (a read must not wait for a dead source),
 * with generous margins for a loaded CI machine; they are not benchmarks.
 */

const TIMEOUT_MS = 800;
const HALF_OPEN_MS = 1500;
/** A short backoff (100 ms, not 1 s): the Retry-After test's gap then comes from Retry-After alone. */
const FAST_RETRY = { DSR_RETRY_INITIAL_MS: '100', DSR_RETRY_MAX_MS: '1000' };
/** Slack over the source timeout for everything else a read does (other sources, audit write). */
const MARGIN_MS = 1500;
const SEARCH: RouteName = 'POST /v1/payments/search';
const DELETE_CUSTOMER: RouteName = 'POST /v1/customers/delete';

const SUBJECT = `query($ref: SubjectRef!){ subject(ref:$ref){ id status orders { id } payments { id } supportMessages { id } } }`;
const SUBJECTS = `query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id orders { id } payments { id } } }`;
const SOURCES = '{ sources { name ok error circuit } }';

const processorOf = (gw: TestGateway): DemoProcessor => {
  const { processor } = gw.gateway.sources;
  if (!processor) throw new Error('expected the embedded demo processor, got an external one');
  return processor;
};

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Only the payments fields failed: SOURCE_UNAVAILABLE naming the source, nothing else. */
function expectOnlyPaymentsUnavailable(result: GraphQLResult): void {
  expect(result.status).toBe(200);
  expect(new Set(codes(result))).toEqual(new Set(['SOURCE_UNAVAILABLE']));
  for (const error of result.body.errors ?? []) {
    expect(error.path?.at(-1)).toBe('payments');
    expect(error.extensions?.source).toBe('payments');
    expect(error.message).toBe('source "payments" is unavailable');
  }
}

describe('reads while the payment processor fails', () => {
  let gw: TestGateway;
  const read = (email: string) => gw.query(SUBJECT, { ...OFFICER, variables: { ref: { email } } });
  const circuitOf = async (name: string) => {
    const r = await gw.query(SOURCES, OFFICER);
    return (r.body.data?.sources as Array<{ name: string; ok: boolean; circuit: string }>).find((s) => s.name === name);
  };
  const readyz = async () => {
    const res = await fetch(`${gw.url}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string; sources: Array<{ name: string; ok: boolean; circuit: string }> } };
  };

  beforeAll(async () => {
    gw = await startTestGateway({ env: { SOURCE_TIMEOUT_MS: String(TIMEOUT_MS), SOURCE_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS) } });
  });
  afterAll(async () => {
    await gw?.close();
  });
  afterEach(async () => {
    // Leave the circuit closed for the next test: one healthy read resets the failure count.
    processorOf(gw).faults.clear();
    const healthy = await read('user3@demo.example');
    expect(healthy.body.data?.subject.payments).toHaveLength(1);
  });

  const modes: Array<[string, FaultSpec<RouteName>]> = [
    ['slower than its timeout', { delayMs: 10_000 }],
    ['answering 500', { status: 500 }],
    ['answering 429 with a long Retry-After', { status: 429, retryAfterSeconds: 120 }],
    ['closing the connection mid-body', { closeMidBody: true }],
    ['sending malformed JSON', { malformedJson: true }],
  ];

  it.each(modes)('%s: the read answers within the source timeout, payments null, orders and support present', async (_, fault) => {
    processorOf(gw).faults.set({ ...fault, routes: [SEARCH] });
    const { value: result, ms } = await timed(() => read('user10@demo.example'));
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expectOnlyPaymentsUnavailable(result);
    expect(result.body.data?.subject).toMatchObject({ status: 'ACTIVE', payments: null });
    expect(result.body.data?.subject.orders).toHaveLength(1);
    expect(result.body.data?.subject.supportMessages).toHaveLength(1);
  });

  it('a batched read of many subjects is bounded by the timeout too, not by the number of subjects', async () => {
    processorOf(gw).faults.set({ delayMs: 10_000, routes: [SEARCH] });
    const refs = Array.from({ length: 50 }, (_, i) => ({ email: `user${i + 1}@demo.example` }));
    const { value: result, ms } = await timed(() => gw.query(SUBJECTS, { ...OFFICER, variables: { refs } }));
    expect(ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expectOnlyPaymentsUnavailable(result);
    const subjects = result.body.data?.subjects as Array<{ orders: unknown[]; payments: unknown }>;
    expect(subjects).toHaveLength(50);
    for (const s of subjects) expect(s).toMatchObject({ orders: [expect.anything()], payments: null });
  });

  it('opens the circuit after consecutive failures, stops calling the processor, reports it, and closes again by itself', async () => {
    const processor = processorOf(gw);
    processor.faults.set({ status: 500 });
    processor.stats.reset();
    // The guard opens after 5 consecutive failures; each read of one subject is one search.
    for (let i = 1; i <= 5; i++) expectOnlyPaymentsUnavailable(await read(`user${i}@demo.example`));
    expect(processor.stats.count(SEARCH)).toBe(5);

    // Open: reads fail fast without reaching the processor; health checks do not reach it either.
    for (let i = 6; i <= 10; i++) {
      const { value: result, ms } = await timed(() => read(`user${i}@demo.example`));
      expectOnlyPaymentsUnavailable(result);
      expect(result.body.data?.subject.orders).toHaveLength(1);
      expect(ms).toBeLessThan(TIMEOUT_MS);
    }
    expect(await circuitOf('payments')).toMatchObject({ ok: false, error: 'unavailable', circuit: 'open' });
    expect(await circuitOf('orders')).toMatchObject({ ok: true, circuit: 'closed' });
    const notReady = await readyz();
    expect(notReady.status).toBe(503);
    expect(notReady.body.sources).toEqual(expect.arrayContaining([{ name: 'payments', ok: false, circuit: 'open' }, { name: 'support', ok: true, circuit: 'closed' }]));
    // Each read of the payments source searches its two collections (payments, customer records).
    expect(processor.stats.total()).toBe(10);

    // Half-open while the processor is still down: exactly one trial call, and open again.
    await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 200));
    expectOnlyPaymentsUnavailable(await read('user11@demo.example'));
    expect(processor.stats.total()).toBe(12);
    expectOnlyPaymentsUnavailable(await read('user12@demo.example'));
    expect(processor.stats.total()).toBe(12);
    expect((await circuitOf('payments'))?.circuit).toBe('open');

    // The processor is back: after halfOpenAfter the next call goes through and closes the circuit.
    processor.faults.clear();
    await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 200));
    const recovered = await read('user13@demo.example');
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.data?.subject.payments).toHaveLength(1);
    expect(await circuitOf('payments')).toMatchObject({ ok: true, error: null, circuit: 'closed' });
    const ready = await readyz();
    expect(ready.status).toBe(200);
    expect(ready.body.sources.every((s) => s.ok && s.circuit === 'closed')).toBe(true);
  });
});

describe('erasures while sources fail', () => {
  let gw: TestGateway;
  const sql = flakySql();
  /** Wall-clock times of the payments connector's erase calls (one per attempt; one wave each). */
  const eraseCalls: number[] = [];
  let holdSupport: Promise<void> | null = null;
  const instrument = (connector: Connector): Connector => {
    if (connector.name === 'payments') {
      return { ...connector, eraseMany: (plans) => (eraseCalls.push(Date.now()), connector.eraseMany(plans)) };
    }
    if (connector.name === 'support') {
      return { ...connector, eraseMany: async (plans) => (await holdSupport, connector.eraseMany(plans)) };
    }
    return connector;
  };

  beforeAll(async () => {
    gw = await startTestGateway({ env: { SOURCE_TIMEOUT_MS: String(TIMEOUT_MS), ...FAST_RETRY }, overrides: { wrapSql: sql.wrap, wrapConnector: instrument } });
  });
  afterAll(async () => {
    await gw?.close();
  });
  beforeEach(() => {
    processorOf(gw).faults.clear();
    eraseCalls.length = 0;
  });

  const holdings = (n: number) => processorHoldings({ url: processorOf(gw).url, apiKey: gw.gateway.services.config.paymentsApiKey, customerId: `cus_user${n}` });
  const erase = async (n: number) => waitFor(gw, (await mutate(gw, 'eraseSubject', { ref: { email: `user${n}@demo.example` }, reason: 'art. 17', idempotencyKey: `failing-${n}` })).id, 45_000);

  // [mode, subject N, fault on the customer DELETE, attempts the payments task needs]. A body
  // fault strikes after the processor acted: the retry finds the customer gone (404, done).
  const modes: Array<[string, number, FaultSpec<RouteName>, number]> = [
    ['slower than its timeout', 21, { delayMs: 3000, times: 2 }, 3],
    ['answering 500', 22, { status: 500, times: 3 }, 4],
    ['answering 429 with Retry-After', 23, { status: 429, retryAfterSeconds: 1, times: 2 }, 3],
    ['closing the connection mid-body (after acting)', 24, { closeMidBody: true, times: 1 }, 2],
    ['sending malformed JSON (after acting)', 25, { malformedJson: true, times: 1 }, 2],
  ];

  it.each(modes)('processor %s: retried, completed, every attempt recorded, nothing left at the processor', async (_, n, fault, attempts) => {
    expect((await holdings(n)).payments).toEqual([`pay_user${n}_1`]);
    processorOf(gw).faults.set({ ...fault, routes: [DELETE_CUSTOMER] });
    const done = await erase(n);
    expect(done.status).toBe('COMPLETED');
    const payments = done.tasks.find((t: { source: string }) => t.source === 'payments');
    expect(payments).toMatchObject({ status: 'DONE', lastError: null, attempts });
    // Every other source acted once.
    const others = done.tasks.filter((t: { source: string }) => t.source !== 'payments').map((t: { attempts: number }) => t.attempts);
    expect(others.length).toBeGreaterThanOrEqual(2);
    expect(others.every((a: number) => a === 1)).toBe(true);
    // The certificate reports what the plan recorded before acting, even where the answer was lost.
    expect(done.certificate.sources.find((s: { source: string }) => s.source === 'payments')).toMatchObject({ deleted: 2, retained: 0 }); // the payment and the customer record
    expect(await holdings(n)).toEqual({ customer: false, payments: [] });
  });

  it('waits out Retry-After between attempts instead of retrying at once', async () => {
    processorOf(gw).faults.set({ status: 429, retryAfterSeconds: 1, times: 2, routes: [DELETE_CUSTOMER] });
    const done = await erase(26);
    expect(done.status).toBe('COMPLETED');
    expect(eraseCalls).toHaveLength(3);
    for (let i = 1; i < eraseCalls.length; i++) expect((eraseCalls[i] as number) - (eraseCalls[i - 1] as number)).toBeGreaterThanOrEqual(950);
  });

  it('a processor outage while the erasure is being verified delays the certificate, it does not fail the request', async () => {
    let release!: () => void;
    holdSupport = new Promise<void>((r) => (release = r));
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'user27@demo.example' }, reason: 'art. 17', idempotencyKey: 'failing-27' });
    const ledger = gw.gateway.services.dsr.ledger;
    for (let i = 0; i < 400 && (await ledger.get(accepted.id))?.tasks.find((t) => t.source === 'payments')?.status !== 'DONE'; i++) await new Promise((r) => setTimeout(r, 25));
    // Payments are erased; the processor goes down just before the gateway re-reads every source.
    processorOf(gw).faults.set({ status: 503 });
    holdSupport = null;
    release();
    await new Promise((r) => setTimeout(r, 1500));
    const during = await ledger.get(accepted.id);
    expect(during?.status).toBe('IN_PROGRESS');
    processorOf(gw).faults.clear();
    const done = await waitFor(gw, accepted.id, 45_000);
    expect(done.status).toBe('COMPLETED');
    expect(done.lastError).toBeNull();
    expect(done.certificate.sources.map((s: { source: string }) => s.source)).toEqual(['orders', 'payments', 'support', 'newsletter']);
    expect(await holdings(27)).toEqual({ customer: false, payments: [] });
  });

  it('the helpdesk connection dropped mid-erasure: rolled back, retried, completed, attempts recorded', async () => {
    const support = gw.gateway.sources.support;
    const tickets = async (email: string) => (await support.query<{ id: string }>('SELECT id FROM tickets WHERE customer_email = $1', [email])).rows;
    expect(await tickets('user40@demo.example')).toHaveLength(1);
    // Three transactions in a row lose the connection after their first statement (the locking read).
    sql.dropConnection({ transactions: 3, atStatement: 2 });
    const done = await erase(40);
    expect(sql.dropped()).toBe(3);
    expect(done.status).toBe('COMPLETED');
    const task = done.tasks.find((t: { source: string }) => t.source === 'support');
    // Three attempts in the first claim, the fourth after the persisted backoff.
    expect(task).toMatchObject({ status: 'DONE', attempts: 4, lastError: null });
    expect(done.certificate.sources.find((s: { source: string }) => s.source === 'support')).toMatchObject({ deleted: 2 }); // the ticket and its message
    expect(await tickets('user40@demo.example')).toEqual([]);
  });
});
