import type { SourceCallCounts } from './kit/countingSources';
import { countingSql, countingStore } from './kit/countingSources';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from './kit/startTestGateway';

/** Calls made AT the sources: the orders store's reads, the helpdesk's SQL statements, the processor's HTTP routes. */
const counts: SourceCallCounts = { orderReads: 0, sqlQueries: 0 };

const FULL = `
  query Full($ref: SubjectRef!) {
    subject(ref: $ref) {
      id status
      identities { type value }
      profile { name email phone address }
      orders { id source total items { sku quantity } }
      payments { id source amount currency status cardLast4 }
      supportMessages { id source ticketId author body }
    }
  }`;

describe('foundation: one subject across three sources (embedded stack, over HTTP)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ overrides: { wrapDocumentStore: (s, name) => (name === 'orders' ? countingStore(s, counts) : s), wrapSql: (s) => countingSql(s, counts) } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("finds Alice's 3 orders, 2 payments and 4 support messages from her email", async () => {
    const r = await gw.query(FULL, { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
    expect(r.body.errors).toBeUndefined();
    const alice = r.body.data?.subject;
    expect(alice.status).toBe('ACTIVE');
    expect(alice.id).toMatch(/^sub_[0-9a-f]{24}$/);
    expect(alice.orders).toHaveLength(3);
    expect(alice.orders.every((o: { source: string }) => o.source === 'orders')).toBe(true);
    expect(alice.payments).toHaveLength(2);
    expect(alice.payments.every((p: { source: string }) => p.source === 'payments')).toBe(true);
    expect(alice.supportMessages).toHaveLength(4);
    expect(alice.supportMessages.map((m: { author: string }) => m.author).sort()).toEqual(['AGENT', 'AGENT', 'CUSTOMER', 'CUSTOMER']);
    expect(new Set(alice.supportMessages.map((m: { ticketId: string }) => m.ticketId)).size).toBe(2);
    expect(alice.profile).toEqual({ name: 'Alice Anderson', email: 'alice@example.com', phone: '+79990000001', address: expect.any(String) });
    expect(alice.identities).toEqual(expect.arrayContaining([
      { type: 'EMAIL', value: 'alice@example.com' },
      { type: 'PHONE', value: '+79990000001' },
      { type: 'CUSTOMER_ID', value: 'cus_alice' },
    ]));
  });

  it('gives the same subject id from any of its identities', async () => {
    const ids = await Promise.all(
      [{ email: 'ALICE@example.com ' }, { phone: '+7 999 000-00-01' }, { customerId: 'cus_alice' }].map(async (ref) => (await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ id } }', { ...OFFICER, variables: { ref } })).body.data?.subject.id),
    );
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^sub_/);
  });

  it("reaches Carol's payment (processor knows only cus_carol) and support messages (helpdesk knows only her phone) from her email alone", async () => {
    const r = await gw.query(FULL, { ...OFFICER, variables: { ref: { email: 'carol@example.com' } } });
    expect(r.body.errors).toBeUndefined();
    const carol = r.body.data?.subject;
    expect(carol.orders).toHaveLength(2);
    expect(carol.payments).toHaveLength(1);
    expect(carol.payments[0].id).toBe('pay_carol_1');
    expect(carol.supportMessages).toHaveLength(2);
    expect(carol.supportMessages.map((m: { ticketId: string }) => m.ticketId)).toEqual(['tkt_carol_1', 'tkt_carol_1']);
  });

  it('returns null for someone no source knows', async () => {
    const r = await gw.query(FULL, { ...OFFICER, variables: { ref: { email: 'nobody@example.com' } } });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data?.subject).toBeNull();
  });

  it('rejects a SubjectRef with none or two identities, and malformed values, with BAD_USER_INPUT', async () => {
    for (const ref of [{}, { email: 'alice@example.com', phone: '+79990000001' }, { email: 'not-an-email' }, { phone: '12' }]) {
      const r = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ id } }', { ...OFFICER, variables: { ref } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.body.data?.subject ?? null).toBeNull();
    }
  });

  it('makes the same number of calls per source for 100 refs as for 120: one per source (and per reference hop) per resolution round', async () => {
    const measure = async (n: number) => {
      counts.orderReads = 0;
      counts.sqlQueries = 0;
      gw.gateway.sources.processor?.stats.reset();
      const refs = Array.from({ length: n }, (_, i) => ({ email: `user${i + 1}@demo.example` }));
      const r = await gw.query('query($refs:[SubjectRef!]!){ subjects(refs:$refs){ id orders { id } payments { id } supportMessages { id } } }', { ...OFFICER, variables: { refs } });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data?.subjects).toHaveLength(n);
      expect(r.body.data?.subjects.every((s: { orders: unknown[]; payments: unknown[] }) => s.orders.length === 1 && s.payments.length === 1)).toBe(true);
      const processorCalls = Object.values(gw.gateway.sources.processor?.stats.snapshot() ?? {}).reduce((a: number, b) => a + Number(b), 0);
      return { orders: counts.orderReads, support: counts.sqlQueries, payments: processorCalls };
    };
    const one = await measure(1);
    const hundred = await measure(100);
    const all = await measure(120);
    // email → (orders, support) → phone and customer id → (orders, support, payments): two rounds.
    // The processor is searched once per collection it serves (payments, customer records).
    expect(one).toEqual({ orders: 2, support: 2, payments: 2 });
    // The helpdesk is two tables: a round that finds tickets follows them to their messages with one
    // more statement for the whole batch (user1 has none; some of the first hundred do).
    expect(hundred).toEqual({ orders: 2, support: 3, payments: 2 });
    expect(all).toEqual(hundred);
  });
});

describe('foundation: a failing source nulls only its own fields', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('payments API unreachable → orders and support still returned, payments null with SOURCE_UNAVAILABLE', async () => {
    await gw.gateway.sources.processor?.stop();
    const r = await gw.query(FULL, { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
    const alice = r.body.data?.subject;
    expect(alice.orders).toHaveLength(3);
    expect(alice.supportMessages).toHaveLength(4);
    expect(alice.payments).toBeNull();
    expect(codes(r)).toEqual(['SOURCE_UNAVAILABLE']);
    expect(r.body.errors?.[0]?.path).toEqual(['subject', 'payments']);
    expect(r.body.errors?.[0]?.message).toBe('source "payments" is unavailable');
    expect(JSON.stringify(r.body)).not.toMatch(/ECONNREFUSED|fetch failed|127\.0\.0\.1/);
  });
});
