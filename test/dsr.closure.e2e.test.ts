import { mutate, waitFor } from './kit/dsr';
import { processorHoldings } from './kit/processorHoldings';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from './kit/startTestGateway';

/**
 * Issue #10.1/#10.2 inside one gateway: what the ledger keeps of a request's closure (sealed
 * while it runs, unreadable once it completed), how a transient failure waits (past the old
 * give-up, visible to the officer), and what becomes of a FAILED erasure: retryDsrRequest
 * re-opens it, and a new request about the subject starts from the closure it kept.
 */

const DELETE_CUSTOMER = 'POST /v1/customers/delete' as const;
const TASKS = 'id status lastError tasks { source status attempts lastError notBefore } certificate { sources { source deleted depersonalized retained } }';

async function rowText(gw: TestGateway, id: string): Promise<{ text: string; sealed: string | null; keys: number }> {
  const sql = gw.gateway.services.state.sql;
  const { rows } = await sql.query<{ text: string; sealed: string | null }>('SELECT row_to_json(r)::text AS text, r.sealed FROM dsr_requests r WHERE r.id = $1', [id]);
  const keys = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM dsr_request_keys WHERE request_id = $1', [id]);
  const tasks = await sql.query<{ text: string }>('SELECT coalesce(json_agg(t)::text, \'\') AS text FROM dsr_tasks t WHERE t.request_id = $1', [id]);
  return { text: `${rows[0]?.text ?? ''}${tasks.rows[0]?.text ?? ''}`, sealed: rows[0]?.sealed ?? null, keys: keys.rows[0]?.n ?? -1 };
}

async function requestView(gw: TestGateway, id: string): Promise<any> {
  const r = await gw.query(`query($id: ID!){ dsrRequest(id:$id){ ${TASKS} } }`, { ...OFFICER, variables: { id } });
  return r.body.data?.dsrRequest;
}

describe('the closure in the ledger', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ overrides: { startWorker: false } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('is sealed under the request\'s key while it runs, and unreadable once it completed: an erasure and a rectification', async () => {
    const erasure = await mutate(gw, 'eraseSubject', { ref: { email: 'user8@demo.example' }, reason: 'art. 17' });
    const rectification = await mutate(gw, 'rectifySubject', { ref: { email: 'user9@demo.example' }, changes: { name: 'Zebulon Quaxley' }, reason: 'typo' });
    for (const [id, values] of [[erasure.id, ['user8@demo.example', 'cus_user8']], [rectification.id, ['user9@demo.example', 'cus_user9', 'Zebulon Quaxley']]] as const) {
      const open = await rowText(gw, id);
      expect({ keys: open.keys, sealed: open.sealed !== null }).toEqual({ keys: 1, sealed: true });
      for (const value of values) expect({ value, stored: open.text.includes(value) }).toEqual({ value, stored: false });
    }
    // The worker reads the closure back through the ledger.
    expect((await gw.gateway.services.dsr.ledger.get(erasure.id))?.identities).toEqual(expect.arrayContaining([{ type: 'CUSTOMER_ID', value: 'cus_user8' }]));
    expect((await gw.gateway.services.dsr.ledger.get(rectification.id))?.payload.changes).toEqual({ name: 'Zebulon Quaxley' });

    await gw.gateway.services.dsr.worker.runOnce();
    expect((await waitFor(gw, erasure.id)).status).toBe('COMPLETED');
    expect((await waitFor(gw, rectification.id)).status).toBe('COMPLETED');
    for (const id of [erasure.id, rectification.id]) {
      const done = await rowText(gw, id);
      expect({ keys: done.keys, sealed: done.sealed }).toEqual({ keys: 0, sealed: null });
      const doc = await gw.gateway.services.dsr.ledger.get(id);
      expect(doc?.identities).toBeNull();
      expect(doc?.payload.changes).toBeUndefined();
    }
    expect((await gw.gateway.services.dsr.ledger.get(rectification.id))?.payload).toEqual({ changedFields: ['name'] });
  });
});

describe('an access request during a processor outage', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { DSR_RETRY_INITIAL_MS: '50', DSR_RETRY_MAX_MS: '100' }, overrides: { startWorker: false } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('waits as an erasure does (pending, with why and until when), and is written whole once the processor answers', async () => {
    const accepted = await mutate(gw, 'exportSubject', { ref: { email: 'user10@demo.example' } });
    const processor = gw.gateway.sources.processor;
    processor?.faults.set({ status: 503, times: 1000, routes: ['POST /v1/payments/search', 'POST /v1/customers/search'] });
    const { worker } = gw.gateway.services.dsr;
    await worker.runOnce();
    const waiting = await requestView(gw, accepted.id);
    expect(waiting.status).toBe('IN_PROGRESS');
    expect(waiting.tasks.find((t: any) => t.source === 'payments')).toMatchObject({ status: 'PENDING', lastError: 'transient source failure' });
    expect(Number.isNaN(Date.parse(waiting.tasks.find((t: any) => t.source === 'payments').notBefore))).toBe(false);
    processor?.faults.clear();
    for (let i = 0; i < 100 && (await requestView(gw, accepted.id)).status !== 'COMPLETED'; i++) {
      await new Promise((r) => setTimeout(r, 60));
      await worker.runOnce();
    }
    const done = await waitFor(gw, accepted.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.export.bytes).toBeGreaterThan(0);
    expect(done.tasks.find((t: any) => t.source === 'payments')).toMatchObject({ status: 'DONE', records: 2 });
  });
});

describe('a transient failure at one source', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { DSR_RETRY_INITIAL_MS: '50', DSR_RETRY_MAX_MS: '150' } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('keeps its task pending past the old give-up (8 attempts), shows why and until when, and completes once the source recovers', async () => {
    const processor = gw.gateway.sources.processor;
    processor?.faults.set({ status: 503, times: 1000, routes: [DELETE_CUSTOMER] });
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'user12@demo.example' }, reason: 'art. 17' });
    let waiting: any = null;
    for (let i = 0; i < 400; i++) {
      waiting = await requestView(gw, accepted.id);
      if ((waiting.tasks.find((t: any) => t.source === 'payments')?.attempts ?? 0) >= 10) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const payments = waiting.tasks.find((t: any) => t.source === 'payments');
    expect(waiting.status).toBe('IN_PROGRESS');
    expect(payments.attempts).toBeGreaterThanOrEqual(10);
    expect(payments.status).toMatch(/^(PENDING|IN_PROGRESS)$/);
    expect(payments.lastError).toBe('transient source failure');
    processor?.faults.clear();
    const done = await waitFor(gw, accepted.id, 30_000);
    expect(done.status).toBe('COMPLETED');
    expect(done.certificate.sources.find((s: any) => s.source === 'payments')).toMatchObject({ deleted: 2 });
  });

  it('shows notBefore on a waiting task', async () => {
    const processor = gw.gateway.sources.processor;
    processor?.faults.set({ status: 503, times: 1000, routes: [DELETE_CUSTOMER] });
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'user13@demo.example' }, reason: 'art. 17' });
    let seen: string | null = null;
    for (let i = 0; i < 400 && !seen; i++) {
      seen = (await requestView(gw, accepted.id)).tasks.find((t: any) => t.source === 'payments')?.notBefore ?? null;
      if (!seen) await new Promise((r) => setTimeout(r, 25));
    }
    expect(Number.isNaN(Date.parse(seen ?? ''))).toBe(false);
    processor?.faults.clear();
    expect((await waitFor(gw, accepted.id, 30_000)).status).toBe('COMPLETED');
  });
});

describe('a FAILED erasure (the source stayed down too close to the due date)', () => {
  let gw: TestGateway;
  // Every request is "too close to its due date" at once: the first transient failure fails it.
  beforeAll(async () => {
    gw = await startTestGateway({ env: { DSR_GIVE_UP_BEFORE_DUE_MS: String(30 * 86_400_000) } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const holdings = (n: number) => processorHoldings({ url: gw.gateway.sources.processor?.url ?? '', apiKey: gw.gateway.services.config.paymentsApiKey, customerId: `cus_user${n}` });

  /** The orders are depersonalized (the email's only link to the customer id is gone); the processor still holds the customer. */
  async function failedErasure(n: number): Promise<any> {
    gw.gateway.sources.processor?.faults.set({ status: 503, times: 1000, routes: [DELETE_CUSTOMER] });
    const failed = await waitFor(gw, (await mutate(gw, 'eraseSubject', { ref: { email: `user${n}@demo.example` }, reason: 'art. 17' })).id);
    gw.gateway.sources.processor?.faults.clear();
    expect(failed.status).toBe('FAILED');
    expect(failed.lastError).toMatch(/source "payments": transient source failure; gave up/);
    expect(failed.tasks.find((t: any) => t.source === 'orders').status).toBe('DONE');
    expect((await holdings(n)).customer).toBe(true);
    return failed;
  }

  it('is re-opened by retryDsrRequest (a privacy officer only; a second retry changes nothing) and completes', async () => {
    const failed = await failedErasure(14);
    const denied = await gw.query('mutation($id: ID!){ retryDsrRequest(id:$id){ id } }', { roles: ['erasure_automation'], purpose: 'dsr_handling', variables: { id: failed.id } });
    expect(codes(denied)).toEqual(['FORBIDDEN']);
    const retried = await gw.query(`mutation($id: ID!){ retryDsrRequest(id:$id){ ${TASKS} } }`, { ...OFFICER, variables: { id: failed.id } });
    expect(retried.body.errors).toBeUndefined();
    expect(retried.body.data?.retryDsrRequest.id).toBe(failed.id);
    const done = await waitFor(gw, failed.id);
    expect(done.status).toBe('COMPLETED');
    // The plan recorded before the first attempt: the payment and the customer record.
    expect(done.certificate.sources.find((s: any) => s.source === 'payments')).toMatchObject({ deleted: 2 });
    expect(await holdings(14)).toEqual({ customer: false, payments: [] });
    const again = await gw.query(`mutation($id: ID!){ retryDsrRequest(id:$id){ id status } }`, { ...OFFICER, variables: { id: failed.id } });
    expect(again.body.data?.retryDsrRequest).toEqual({ id: failed.id, status: 'COMPLETED' });
    const unknown = await gw.query('mutation{ retryDsrRequest(id:"dsr_00000000-0000-0000-0000-000000000000"){ id } }', OFFICER);
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
  });

  it('hands its closure to the next erasure of the subject: sent again, it reaches the processor by the customer id the orders no longer hold', async () => {
    await failedErasure(15);
    const resent = await waitFor(gw, (await mutate(gw, 'eraseSubject', { ref: { email: 'user15@demo.example' }, reason: 'art. 17, sent again' })).id);
    expect(resent.status).toBe('COMPLETED');
    // Only the customer record was left to find, and found by the inherited customer id (without it: 0).
    expect(resent.certificate.sources.find((s: any) => s.source === 'payments')).toMatchObject({ deleted: 1 });
    expect(await holdings(15)).toEqual({ customer: false, payments: [] });
    const byCustomerId = await mutate(gw, 'eraseSubject', { ref: { customerId: 'cus_user15' }, reason: 'art. 17' });
    expect(byCustomerId.alreadyErased).toBe(true);
  });
});
