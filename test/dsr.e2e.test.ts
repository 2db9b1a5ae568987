import { createHash } from 'node:crypto';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from './kit/startTestGateway';
import { getRequest, mutate, waitFor } from './kit/dsr';

const processorGet = async (gw: TestGateway, path: string) => {
  const res = await fetch(`${gw.gateway.sources.processor?.url}${path}`, { headers: { authorization: `Bearer ${gw.gateway.services.config.paymentsApiKey}` } });
  return { status: res.status, body: (await res.json()) as any };
};
const ordersOf = (gw: TestGateway, filter: Record<string, unknown>) => gw.gateway.sources.orders.collection('orders').find(filter);
const ticketsOf = async (gw: TestGateway, where: string, params: unknown[]) => (await gw.gateway.sources.support.query<any>(`SELECT * FROM tickets WHERE ${where}`, params)).rows;

describe('data-subject requests on the demo subjects, sources checked directly', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("exports Alice: one JSON document with every source's records and the processing facts, agents redacted, hash and size recorded", async () => {
    const accepted = await mutate(gw, 'exportSubject', { ref: { email: 'alice@example.com' }, format: 'JSON' });
    expect(accepted).toMatchObject({ type: 'EXPORT', status: 'PENDING' });
    const done = await waitFor(gw, accepted.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.export.downloadUrl).toBe(`/exports/${accepted.id}`);
    const res = await fetch(`${gw.url}${done.export.downloadUrl}`, { headers: { authorization: `Bearer ${await gw.token(['privacy_officer'])}`, 'x-purpose': 'dsr_handling' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBe(done.export.bytes);
    expect(createHash('sha256').update(text).digest('hex')).toBe(done.export.sha256);
    const doc = JSON.parse(text);
    expect(doc.records.orders).toHaveLength(3);
    // Her 2 payments and her customer record at the processor.
    expect(doc.records.payments).toHaveLength(3);
    // The helpdesk's two tables: her 2 tickets (their subject lines are her words) and 4 messages.
    expect(doc.records.support).toHaveLength(6);
    expect(doc.records.support.filter((r: { ticketId?: string }) => r.ticketId !== undefined)).toHaveLength(4);
    // The fourth system, declared in sources/demo.yaml alone, is in her export like the others.
    expect(doc.records.newsletter).toEqual([expect.objectContaining({ source: 'newsletter', lists: ['deals', 'product-news'] })]);
    expect(doc.records.orders.every((r: { source: string }) => r.source === 'orders')).toBe(true);
    expect(doc.processing.purposes.map((p: { id: string }) => p.id)).toContain('order_fulfillment');
    expect(doc.processing.purposes.every((p: { basis: string }) => p.basis)).toBe(true);
    expect(doc.processing.sources.find((s: { name: string }) => s.name === 'payments').recipients.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/ivan|petrov/i); // the agent's name and email, redacted from replies too
    expect(text).toMatch(/\[agent\]/);
    // An analyst, or anyone without a DSR purpose, cannot download it.
    const refused = await fetch(`${gw.url}${done.export.downloadUrl}`, { headers: { authorization: `Bearer ${await gw.token(['analyst'])}`, 'x-purpose': 'analytics' } });
    expect(refused.status).toBe(403);
    const traversal = await fetch(`${gw.url}/exports/..%2F..%2Fstate%2Fsubjects.db`, { headers: { authorization: `Bearer ${await gw.token(['privacy_officer'])}`, 'x-purpose': 'dsr_handling' } });
    expect(traversal.status).toBe(404);
  });

  it('blocks Bob at the gateway at once and at every source that can restrict; unblock reverses it', async () => {
    const blocked = await waitFor(gw, (await mutate(gw, 'blockSubject', { ref: { email: 'bob@example.com' }, reason: 'contested accuracy' })).id);
    expect(blocked.status).toBe('COMPLETED');
    expect(blocked.tasks.map((t: any) => [t.source, t.action, t.status])).toEqual([['orders', 'restrict', 'DONE'], ['payments', 'restrict', 'DONE'], ['support', 'restrict', 'DONE'], ['newsletter', 'none', 'SKIPPED']]);
    expect((await ticketsOf(gw, 'customer_email = $1', ['bob@example.com'])).every((t: any) => t.restricted)).toBe(true);
    expect((await ordersOf(gw, { customerId: 'cus_bob' })).every((o: any) => o.restricted === true)).toBe(true);
    expect((await processorGet(gw, '/v1/customers/cus_bob')).body.restricted).toBe(true);
    const unblocked = await waitFor(gw, (await mutate(gw, 'unblockSubject', { ref: { email: 'bob@example.com' }, reason: 'corrected' })).id);
    expect(unblocked.status).toBe('COMPLETED');
    expect((await ordersOf(gw, { customerId: 'cus_bob' })).every((o: any) => !o.restricted)).toBe(true);
    expect((await processorGet(gw, '/v1/customers/cus_bob')).body.restricted).toBe(false);
  });

  it('rectifies Alice where each source holds the field, the processor\'s customer record included', async () => {
    const done = await waitFor(gw, (await mutate(gw, 'rectifySubject', { ref: { email: 'alice@example.com' }, changes: { name: 'Alice A. Anderson', email: 'alice.anderson@example.com' }, reason: 'subject request' })).id);
    expect(done.status).toBe('COMPLETED');
    expect(done.tasks.map((t: any) => [t.source, t.action, t.status])).toEqual([['orders', 'rectify', 'DONE'], ['payments', 'rectify', 'DONE'], ['support', 'rectify', 'DONE'], ['newsletter', 'rectify', 'DONE']]);
    const orders = await ordersOf(gw, { customerId: 'cus_alice' });
    expect(orders.map((o: any) => [o.name, o.email])).toEqual(Array(3).fill(['Alice A. Anderson', 'alice.anderson@example.com']));
    expect(await ticketsOf(gw, 'customer_email = $1', ['alice.anderson@example.com'])).toHaveLength(2);
    // The processor's customer record holds the name, and now holds the corrected one (its payments are immutable and carry no name).
    expect((await processorGet(gw, '/v1/customers/cus_alice')).body.name).toBe('Alice A. Anderson');
    // The subject keeps its id, and is found by the new address.
    const byNew = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ id profile { name email } } }', { ...OFFICER, variables: { ref: { email: 'alice.anderson@example.com' } } });
    expect(byNew.body.data?.subject).toEqual({ id: done.subjectId, profile: { name: 'Alice A. Anderson', email: 'alice.anderson@example.com' } });
  });

  it('erases Carol: every source, verified, a certificate; a repeat answers "already erased"', async () => {
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'carol@example.com' }, reason: 'art. 17 request', idempotencyKey: 'carol-erasure-0001' });
    const again = await mutate(gw, 'eraseSubject', { ref: { email: 'carol@example.com' }, reason: 'art. 17 request', idempotencyKey: 'carol-erasure-0001' });
    expect(again.id).toBe(accepted.id);
    const done = await waitFor(gw, accepted.id);
    expect(done.status).toBe('COMPLETED');
    expect(done.certificate.sources).toEqual([
      { source: 'orders', deleted: 0, depersonalized: 2, retained: 0, retainedUntil: null, retainedUnder: null },
      // Her payment and her customer record at the processor.
      { source: 'payments', deleted: 2, depersonalized: 0, retained: 0, retainedUntil: null, retainedUnder: null },
      // Her ticket and its 2 messages.
      { source: 'support', deleted: 3, depersonalized: 0, retained: 0, retainedUntil: null, retainedUnder: null },
      { source: 'newsletter', deleted: 0, depersonalized: 0, retained: 0, retainedUntil: null, retainedUnder: null },
    ]);
    expect(done.certificate.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The sources themselves: orders kept only as statistics, the rest gone.
    const orders = await ordersOf(gw, { _id: { $in: ['ord_carol_1', 'ord_carol_2'] } });
    expect(orders).toHaveLength(2);
    expect(orders.every((o: any) => o.email == null && o.phone == null && o.customerId == null && o.name == null && o.ip == null)).toBe(true);
    expect((await processorGet(gw, '/v1/payments/pay_carol_1')).status).toBe(404);
    expect(await ticketsOf(gw, 'customer_phone = $1', ['+79990000003'])).toHaveLength(0);
    // Reads see an erased subject, with nothing left to show.
    const read = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ status orders { id } } }', { ...OFFICER, variables: { ref: { email: 'carol@example.com' } } });
    expect(read.body.data?.subject).toEqual({ status: 'ERASED', orders: [] });
    const repeat = await mutate(gw, 'eraseSubject', { ref: { phone: '+79990000003' }, reason: 'repeat' });
    expect(repeat).toMatchObject({ status: 'COMPLETED', alreadyErased: true });
    expect(repeat.id).not.toBe(accepted.id);
  });

  it('Dave: the recent payment is retained under the accounting hold and blocked; the rest destroyed; the scheduler destroys it when the hold ends', async () => {
    const done = await waitFor(gw, (await mutate(gw, 'eraseSubject', { ref: { email: 'dave@example.com' }, reason: 'art. 17 request' })).id);
    expect(done.status).toBe('COMPLETED');
    const payments = done.certificate.sources.find((s: any) => s.source === 'payments');
    // The customer record (his name) goes; the payment is kept under the accounting hold.
    expect(payments).toEqual({ source: 'payments', deleted: 1, depersonalized: 0, retained: 1, retainedUntil: '2031-06-15T14:30:00.000Z', retainedUnder: 'accounting' });
    const held = await processorGet(gw, '/v1/payments/pay_dave_1');
    expect(held.status).toBe(200);
    expect(held.body.restricted).toBe(true);
    // Only purposes that see blocked data see it, and the subject is ERASED.
    const billing = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ status payments { id } } }', { roles: ['billing_service'], purpose: 'payment_processing', variables: { ref: { customerId: 'cus_dave' } } });
    expect(billing.body.data?.subject.status).toBe('ERASED');
    expect(billing.body.data?.subject.payments).toBeNull();
    expect(codes(billing)).toEqual(['SUBJECT_BLOCKED']);
    expect(await gw.gateway.services.dsr.purgeExpiredHolds(new Date('2031-06-14T00:00:00Z'))).toBe(0);
    expect((await processorGet(gw, '/v1/payments/pay_dave_1')).status).toBe(200);
    expect(await gw.gateway.services.dsr.purgeExpiredHolds(new Date('2031-06-16T00:00:00Z'))).toBe(1);
    expect((await processorGet(gw, '/v1/payments/pay_dave_1')).status).toBe(404);
  });

  it('lists requests by subject, type and status with cursor pagination', async () => {
    const page1 = await gw.query('{ dsrRequests(first: 2) { edges { node { id type } cursor } pageInfo { hasNextPage endCursor } } }', OFFICER);
    const conn = page1.body.data?.dsrRequests;
    expect(conn.edges).toHaveLength(2);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    const page2 = await gw.query('query($after: String){ dsrRequests(first: 2, after: $after) { edges { node { id } } } }', { ...OFFICER, variables: { after: conn.pageInfo.endCursor } });
    const ids = page2.body.data?.dsrRequests.edges.map((e: any) => e.node.id);
    expect(ids.some((id: string) => conn.edges.some((e: any) => e.node.id === id))).toBe(false);
    const erasures = await gw.query('{ dsrRequests(type: ERASE, status: COMPLETED, first: 50) { edges { node { type status } } } }', OFFICER);
    expect(erasures.body.data?.dsrRequests.edges.length).toBeGreaterThanOrEqual(3);
    expect(erasures.body.data?.dsrRequests.edges.every((e: any) => e.node.type === 'ERASE')).toBe(true);
  });

  it('rejects bad input whole: nothing is recorded', async () => {
    const count = async () => (await gw.gateway.services.state.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM dsr_requests')).rows[0]?.n;
    const before = await count();
    const bad = await gw.query('mutation{ eraseSubjects(inputs:[{ ref:{ email:"bob@example.com" }, reason:"ok" }, { ref:{ email:"bob@example.com", phone:"+79990000002" }, reason:"two refs" }]){ id } }', OFFICER);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const unknown = await gw.query('mutation{ eraseSubject(input:{ ref:{ email:"nobody@example.com" }, reason:"x" }){ id } }', OFFICER);
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    const callback = await gw.query('mutation{ eraseSubject(input:{ ref:{ email:"bob@example.com" }, reason:"x", callbackUrl:"http://169.254.169.254/latest" }){ id } }', OFFICER);
    expect(codes(callback)).toEqual(['BAD_USER_INPUT']);
    expect(await count()).toBe(before);
    expect((await getRequest(gw, 'dsr_00000000-0000-0000-0000-000000000000'))).toBeNull();
  });
});
