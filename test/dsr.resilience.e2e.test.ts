import type { Connector } from '../src/sources/Connector';
import { readConfig } from '../src/config';
import { createDsrService } from '../src/dsr/createDsrService';
import { DsrWorker } from '../src/dsr/DsrWorker';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, startTestGateway } from './kit/startTestGateway';
import { mutate, waitFor } from './kit/dsr';
import { scopeIdempotencyKey } from '../src/input/scopeIdempotencyKey';

/** Counts the erase actions a source actually carried out (after any gate). */
const performed: Record<string, number> = {};
let gate: { promise: Promise<void>; release: () => void; fail: (e: Error) => void } | null = null;

function instrument(connector: Connector): Connector {
  return {
    ...connector,
    findByIdentities: (k, o) => connector.findByIdentities(k, o),
    eraseMany: async (plans) => {
      if (connector.name === 'support' && gate) await gate.promise;
      performed[connector.name] = (performed[connector.name] ?? 0) + plans.length;
      return connector.eraseMany(plans);
    },
  };
}

describe('erasure survives a worker stopped between two sources', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ overrides: { startWorker: false, wrapConnector: instrument } });
  });
  let abandoned: typeof gate = null;
  afterAll(async () => {
    // Worker A wakes up after B finished: its late writes must change nothing (checked below).
    abandoned?.fail(new Error('worker A resumes too late'));
    await new Promise((r) => setTimeout(r, 100));
    const after = await gw.gateway.services.dsr.ledger.byIdempotencyKey(scopeIdempotencyKey({ client: 'test-client', roles: [] }, 'key:crash-test-0007'));
    expect(after?.status).toBe('COMPLETED');
    await gw?.close();
  });

  it('a second worker takes over after the lease ends, completes the erasure, and nothing is done twice', async () => {
    let release!: () => void;
    let fail!: (e: Error) => void;
    gate = { promise: new Promise<void>((res, rej) => ((release = res), (fail = rej))), release: () => release(), fail: (e) => fail(e) };
    gate.promise.catch(() => undefined);
    const { services } = gw.gateway;
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'user7@demo.example' }, reason: 'art. 17', idempotencyKey: 'crash-test-0007' });
    // Worker A: every other source finishes, support hangs — then A "dies" (never heard from
    // again: it does not renew its lease either).
    const a = new DsrWorker(services, services.dsr.ledger, { clock: () => new Date(), leaseMs: 400, renewMs: 600_000 });
    void a.runOnce();
    for (let i = 0; i < 200; i++) {
      const doc = await services.dsr.ledger.get(accepted.id);
      if (doc && doc.tasks.filter((t) => t.status === 'DONE').length === doc.tasks.length - 1) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const midway = await services.dsr.ledger.get(accepted.id);
    expect(midway?.tasks.map((t) => t.status)).toEqual(['DONE', 'DONE', 'IN_PROGRESS', 'DONE']);
    await new Promise((r) => setTimeout(r, 450)); // A's lease runs out
    abandoned = gate;
    gate = null; // B's calls go straight through
    const b = new DsrWorker(services, services.dsr.ledger, { clock: () => new Date(), leaseMs: 5000 });
    await b.runOnce();
    const done = await waitFor(gw, accepted.id);
    expect(done.status).toBe('COMPLETED');
    expect(performed).toEqual({ orders: 1, payments: 1, support: 1, newsletter: 1 });
    expect(done.tasks.map((t: any) => t.attempts)).toEqual([1, 1, 2, 1]);
    expect(done.certificate.sources.map((s: any) => s.source)).toEqual(['orders', 'payments', 'support', 'newsletter']);
  });

  it('a live worker renews its lease through a wave that outlasts it: no other worker claims the request, nothing is done twice', async () => {
    let release!: () => void;
    gate = { promise: new Promise<void>((res) => (release = res)), release: () => release(), fail: () => undefined };
    const before = { ...performed };
    const { services } = gw.gateway;
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'user8@demo.example' }, reason: 'art. 17', idempotencyKey: 'renew-test-0008' });
    const a = new DsrWorker(services, services.dsr.ledger, { clock: () => new Date(), leaseMs: 400 });
    const working = a.runOnce();
    // Support holds A's wave for almost four leases while another instance claims every 100 ms,
    // as a second worker's poll does.
    const claimedByB: string[] = [];
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      const now = new Date();
      const claimed = await services.dsr.ledger.claim({ owner: 'worker-b', now: now.toISOString(), leaseUntil: new Date(now.getTime() + 60_000).toISOString(), limit: 10 });
      claimedByB.push(...claimed.map((r) => r._id));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(claimedByB).toEqual([]);
    gate.release();
    expect(await working).toBe(1);
    gate = null;
    const done = await waitFor(gw, accepted.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.tasks.map((t: any) => t.attempts)).toEqual([1, 1, 1, 1]);
    const acted = Object.fromEntries(Object.entries(performed).map(([name, n]) => [name, n - (before[name] ?? 0)]));
    expect(acted).toEqual({ orders: 1, payments: 1, support: 1, newsletter: 1 });
  });
});

describe('erasure with a failing processor, and a lying adapter', () => {
  let gw: TestGateway;
  let lie = false;
  beforeAll(async () => {
    gw = await startTestGateway({
      // The processor's three 503s are waited out in 0.1 + 0.2 + 0.4 s instead of 1 + 2 + 4.
      env: { DSR_RETRY_INITIAL_MS: '100', DSR_RETRY_MAX_MS: '1000' },
      overrides: {
        wrapConnector: (c) => (c.name === 'support' ? { ...c, eraseMany: async (plans) => (lie ? c.planEraseMany(plans) : c.eraseMany(plans)) } : c),
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('retries the processor through three 503s until it recovers, recording every attempt', async () => {
    gw.gateway.sources.processor?.faults.set({ status: 503, times: 3, routes: ['POST /v1/customers/delete'] });
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'user11@demo.example' }, reason: 'art. 17' });
    const done = await waitFor(gw, accepted.id, 30_000);
    expect(done.status).toBe('COMPLETED');
    const payments = done.tasks.find((t: any) => t.source === 'payments');
    expect(payments).toMatchObject({ status: 'DONE', lastError: null });
    expect(payments.attempts).toBe(4);
    expect(done.certificate.sources.find((s: any) => s.source === 'payments').deleted).toBe(2); // the payment and the customer record
  });

  it('fails the request when a source says it erased but the data is still there', async () => {
    lie = true;
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'user20@demo.example' }, reason: 'art. 17' });
    const done = await waitFor(gw, accepted.id);
    lie = false;
    expect(done.status).toBe('FAILED');
    expect(done.certificate).toBeNull();
    // The subject's ticket and its message: the lie left both.
    expect(done.lastError).toMatch(/verification failed: source "support" still holds 2 record/);
    // The subject stays blocked: its data is partly gone and must not be processed.
    const read = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ status } }', { roles: ['shop_service'], purpose: 'order_fulfillment', variables: { ref: { email: 'user20@demo.example' } } });
    expect(read.body.data?.subject.status).toBe('BLOCKED');
  });

  it('turns concurrent erasures of one subject into one request', async () => {
    const results = await Promise.all([0, 1, 2, 3].map((i) => mutate(gw, 'eraseSubject', { ref: i % 2 ? { email: 'user30@demo.example' } : { customerId: 'cus_user30' }, reason: `parallel ${i}` })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect((await waitFor(gw, results[0].id)).status).toBe('COMPLETED');
  });
});

describe('a restart on the same data dir', () => {
  it('never brings erased or changed data back', async () => {
    const first = await startTestGateway();
    const done = await waitFor(first, (await mutate(first, 'eraseSubject', { ref: { email: 'bob@example.com' }, reason: 'art. 17' })).id);
    expect(done.status).toBe('COMPLETED');
    await first.stop();
    const second = await startTestGateway({ dataDir: first.dataDir });
    try {
      expect(second.gateway.seeded).toBe(false);
      const read = await second.query('query($ref: SubjectRef!){ subject(ref:$ref){ status orders { id } payments { id } } }', { ...OFFICER, variables: { ref: { email: 'bob@example.com' } } });
      expect(read.body.data?.subject).toEqual({ status: 'ERASED', orders: [], payments: [] });
      const alice = await second.query('query($ref: SubjectRef!){ subject(ref:$ref){ orders { id } } }', { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
      expect(alice.body.data?.subject.orders).toHaveLength(3);
    } finally {
      await second.close();
    }
  });
});

describe('DSR_LEASE_MS', () => {
  const LEASE_MS = 4321;
  let gw: TestGateway;
  /** What the ledger said about the request while its first source was erasing, i.e. under the worker's claim. */
  let duringErase: { leaseOwner: string | null; leaseUntil: string | null } | null = null;
  let requestId = '';
  beforeAll(async () => {
    const watch = (connector: Connector): Connector =>
      connector.name !== 'orders'
        ? connector
        : {
            ...connector,
            eraseMany: async (plans) => {
              const doc = await gw.gateway.services.dsr.ledger.get(requestId);
              duringErase = { leaseOwner: doc?.leaseOwner ?? null, leaseUntil: doc?.leaseUntil ?? null };
              return connector.eraseMany(plans);
            },
          };
    gw = await startTestGateway({ env: { DSR_LEASE_MS: String(LEASE_MS) }, overrides: { startWorker: false, wrapConnector: watch } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('a worker claims for DSR_LEASE_MS', async () => {
    const { services } = gw.gateway;
    requestId = (await mutate(gw, 'eraseSubject', { ref: { email: 'user40@demo.example' }, reason: 'art. 17' })).id;
    // The gateway's own wiring (createDsrService), on a clock that stands still just after the acceptance.
    const now = new Date();
    const runtime = await createDsrService(services, { clock: () => now });
    await runtime.worker.runOnce();
    expect(duringErase).toEqual({ leaseOwner: runtime.worker.id, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString() });
    expect((await waitFor(gw, requestId)).status).toBe('COMPLETED');
  });

  it('refuses a lease under one second at start-up', () => {
    expect(() => readConfig({ DSR_LEASE_MS: '999' })).toThrow(/^DSR_LEASE_MS: expected an integer from 1000 to 3600000, got "999"$/);
    expect(readConfig({}).dsrLeaseMs).toBe(30_000);
  });
});
