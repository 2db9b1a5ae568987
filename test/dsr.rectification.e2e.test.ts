import { SourceUnavailableError } from '../src/errors';
import type { Connector } from '../src/sources/Connector';
import type { DocumentStore } from '../src/store/DocumentStore';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from './kit/startTestGateway';
import { mutate, waitFor } from './kit/dsr';

const RECTIFY = 'mutation($input: RectifySubjectInput!){ rectifySubject(input:$input){ id status } }';

/** Every trace of Bob at the sources and in the ledger, to show a refused change left each as it was. */
async function bobEverywhere(gw: TestGateway) {
  const orders = await gw.gateway.sources.orders.collection('orders').find({ customerId: 'cus_bob' });
  const newsletter = await (gw.gateway.systems.get('newsletter') as DocumentStore).collection('subscribers').find({ _id: 'sub_bob' });
  const processor = await fetch(`${gw.gateway.sources.processor?.url}/v1/customers/cus_bob`, { headers: { authorization: `Bearer ${gw.gateway.services.config.paymentsApiKey}` } });
  const requests = await gw.query('{ dsrRequests(subject: { email: "bob@example.com" }, type: RECTIFY, first: 10) { edges { node { id } } } }', OFFICER);
  return {
    orders: orders.map((o: any) => [o.name, o.email, o.phone]),
    newsletter: newsletter.map((s: any) => [s.name, s.email]),
    processorName: ((await processor.json()) as { name: string }).name,
    requests: requests.body.data?.dsrRequests.edges.length,
  };
}

describe('rectification never merges two people, and the corrected value is what every purpose reads', () => {
  let gw: TestGateway;
  /** While set, the newsletter source answers every read with a failure (a system down). */
  let newsletterDown = false;
  beforeAll(async () => {
    const wrapConnector = (c: Connector): Connector =>
      c.name !== 'newsletter' ? c : { ...c, findByIdentities: (keys, options) => (newsletterDown ? Promise.reject(new SourceUnavailableError('newsletter')) : c.findByIdentities(keys, options)) };
    gw = await startTestGateway({ overrides: { wrapConnector } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("refuses another subject's email, phone or registry-known identity as CONFLICT, in any spelling, changing nothing anywhere", async () => {
    const before = await bobEverywhere(gw);
    expect(before).toEqual({ orders: [['Bob Brown', 'bob@example.com', '+79990000002']], newsletter: [['Bob Brown', 'bob@example.com']], processorName: 'Bob Brown', requests: 0 });
    // Erased subjects' identities are known to the registry only (their orders are depersonalized): still someone else's.
    const erased = await waitFor(gw, (await mutate(gw, 'eraseSubject', { ref: { email: 'user7@demo.example' }, reason: 'art. 17 request' })).id);
    expect(erased.status).toBe('COMPLETED');
    expect(await gw.gateway.sources.orders.collection('orders').find({ email: 'user7@demo.example' })).toEqual([]);
    const attempts = [
      { name: 'Bob B.', email: 'alice@example.com' },
      { email: ' ALICE@Example.COM ' },
      // Carol's phone, spelled with separators; the helpdesk knows her by it alone.
      { phone: '+7 (999) 000-00-03' },
      { email: 'bob@example.com', phone: '+79990000001' },
      { email: 'user7@demo.example' },
    ];
    for (const changes of attempts) {
      const r = await gw.query(RECTIFY, { ...OFFICER, variables: { input: { ref: { email: 'bob@example.com' }, changes } } });
      expect({ changes, codes: codes(r), data: r.body.data?.rectifySubject ?? null }).toEqual({ changes, codes: ['CONFLICT'], data: null });
      expect(r.body.errors?.[0]?.message).not.toMatch(/alice|carol|user7|sub_|cus_/i);
    }
    expect(await bobEverywhere(gw)).toEqual(before);
    // Alice stays one subject of her own, and nobody else is found by her address.
    const alice = await gw.query('{ subject(ref:{email:"alice@example.com"}){ profile { name } orders { id } } }', OFFICER);
    expect(alice.body.data?.subject).toEqual({ profile: { name: 'Alice Anderson' }, orders: [{ id: 'ord_alice_1' }, { id: 'ord_alice_2' }, { id: 'ord_alice_3' }] });
  });

  it('a source that cannot be asked whether a new email is free refuses the change whole: SOURCE_UNAVAILABLE, nothing written', async () => {
    const before = await bobEverywhere(gw);
    newsletterDown = true;
    try {
      const r = await gw.query(RECTIFY, { ...OFFICER, variables: { input: { ref: { customerId: 'cus_bob' }, changes: { name: 'Robert Brown', email: 'robert@example.com' } } } });
      expect(codes(r)).toEqual(['SOURCE_UNAVAILABLE']);
      expect(r.body.data?.rectifySubject ?? null).toBeNull();
    } finally {
      newsletterDown = false;
    }
    expect(await bobEverywhere(gw)).toEqual(before);
  });

  it("accepts the subject's own identity and a free one; the request is recorded and carried through", async () => {
    const done = await waitFor(gw, (await mutate(gw, 'rectifySubject', { ref: { customerId: 'cus_bob' }, changes: { email: 'BOB@example.com', phone: '+79990000099' } })).id);
    expect(done.status).toBe('COMPLETED');
    expect((await gw.gateway.sources.orders.collection('orders').find({ customerId: 'cus_bob' })).map((o: any) => o.phone)).toEqual(['+79990000099']);
  });

  it('a rectified name is the name every purpose that may read names reads, the processor included', async () => {
    const done = await waitFor(gw, (await mutate(gw, 'rectifySubject', { ref: { phone: '+79990000001' }, changes: { name: 'Alice B. Anderson', address: 'Moscow, Arbat st. 2' } })).id);
    expect(done.status).toBe('COMPLETED');
    expect(done.tasks.filter((t: any) => t.status === 'DONE').map((t: any) => t.source)).toEqual(['orders', 'payments', 'support', 'newsletter']);
    const readers = [
      { roles: ['shop_service'], purpose: 'order_fulfillment' },
      { roles: ['support_agent'], purpose: 'customer_support' },
      { roles: ['billing_service'], purpose: 'payment_processing' },
      { roles: ['marketing_service'], purpose: 'marketing' },
      { roles: ['privacy_officer'], purpose: 'legal_compliance' },
      OFFICER,
    ];
    for (const reader of readers) {
      const r = await gw.query('{ subject(ref:{email:"alice@example.com"}){ profile { name } } }', reader);
      expect({ purpose: reader.purpose, name: r.body.data?.subject?.profile?.name }).toEqual({ purpose: reader.purpose, name: 'Alice B. Anderson' });
    }
    const fulfilment = await gw.query('{ subject(ref:{email:"alice@example.com"}){ profile { address } } }', readers[0] as (typeof readers)[number]);
    expect(fulfilment.body.data?.subject.profile.address).toBe('Moscow, Arbat st. 2');
    const customer = await fetch(`${gw.gateway.sources.processor?.url}/v1/customers/cus_alice`, { headers: { authorization: `Bearer ${gw.gateway.services.config.paymentsApiKey}` } });
    expect(((await customer.json()) as { name: string }).name).toBe('Alice B. Anderson');
  });
});
