import type { TestGateway } from '../kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from '../kit/startTestGateway';

const OBJECT = `mutation($input: ObjectionInput!) { objectToPurpose(input: $input) { id type status subjectId reason completedAt } }`;
const WITHDRAW = `mutation($input: ObjectionInput!) { withdrawObjection(input: $input) { id type status } }`;
const READ = '{ subject(ref:{email:"bob@example.com"}) { id identities { value } profile { email } orders { total ip } payments { amount } objections { purpose status objectedAt withdrawnAt } } }';
const FRAUD = { roles: ['shop_service'], purpose: 'fraud_prevention' };

describe('objection to one purpose (GDPR art. 21, CONTRACT.md §4.1)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { SEED_SUBJECTS: '0' } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('stops fraud_prevention from reading Bob (OBJECTED), from the next request; other purposes and subjects read on', async () => {
    const before = await gw.query(READ, FRAUD);
    expect(before.body.data?.subject.orders).toHaveLength(1);

    const objected = await gw.query(OBJECT, { ...OFFICER, variables: { input: { ref: { email: 'bob@example.com' }, purpose: 'fraud_prevention', reason: 'profiling I did not agree to' } } });
    expect(objected.body.errors).toBeUndefined();
    expect(objected.body.data?.objectToPurpose).toMatchObject({ type: 'OBJECTION', status: 'COMPLETED', subjectId: before.body.data?.subject.id, reason: 'profiling I did not agree to', completedAt: expect.any(String) });

    const after = await gw.query(READ, FRAUD);
    expect(after.body.data?.subject).toMatchObject({ identities: [], profile: null, orders: null, payments: null });
    expect(new Set(codes(after))).toEqual(new Set(['OBJECTED']));
    expect(JSON.stringify(after.body.data)).not.toMatch(/bob@example\.com|"total"|"amount"/);

    const fulfilment = await gw.query('{ subject(ref:{email:"bob@example.com"}) { profile { email } orders { total } } }', { roles: ['shop_service'], purpose: 'order_fulfillment' });
    expect(fulfilment.body.errors).toBeUndefined();
    expect(fulfilment.body.data?.subject).toMatchObject({ profile: { email: 'bob@example.com' }, orders: [{ total: expect.any(Number) }] });
    const alice = await gw.query('{ subject(ref:{email:"alice@example.com"}) { orders { total } } }', FRAUD);
    expect(alice.body.errors).toBeUndefined();
    expect(alice.body.data?.subject.orders).toHaveLength(3);

    const listed = await gw.query('{ subject(ref:{email:"bob@example.com"}) { objections { purpose status } } }', OFFICER);
    expect(listed.body.data?.subject.objections).toEqual([{ purpose: 'fraud_prevention', status: 'ACTIVE' }]);
    const requests = await gw.query('{ dsrRequests(subject:{email:"bob@example.com"}, type: OBJECTION) { edges { node { id type } } } }', OFFICER);
    expect(requests.body.data?.dsrRequests.edges.map((e: any) => e.node.id)).toEqual([objected.body.data?.objectToPurpose.id]);
  });

  it('is lifted by withdrawObjection from the next request', async () => {
    const withdrawn = await gw.query(WITHDRAW, { ...OFFICER, variables: { input: { ref: { customerId: 'cus_bob' }, purpose: 'fraud_prevention' } } });
    expect(withdrawn.body.data?.withdrawObjection).toMatchObject({ type: 'OBJECTION', status: 'COMPLETED' });
    const read = await gw.query(READ, FRAUD);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.subject.orders).toHaveLength(1);
    const listed = await gw.query('{ subject(ref:{email:"bob@example.com"}) { objections { purpose status objectedAt withdrawnAt } } }', OFFICER);
    expect(listed.body.data?.subject.objections).toEqual([{ purpose: 'fraud_prevention', status: 'WITHDRAWN', objectedAt: expect.any(String), withdrawnAt: expect.any(String) }]);
  });

  it.each([
    ['legal_compliance', /legal obligation: not objectable/],
    ['order_fulfillment', /necessary for a contract/],
    ['marketing', /withdraw the consent instead/],
    ['telepathy', /expected a purpose of the policy/],
  ])('refuses an objection to %s with the reason, recording nothing', async (purpose, message) => {
    const r = await gw.query(OBJECT, { ...OFFICER, variables: { input: { ref: { email: 'bob@example.com' }, purpose } } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.body.errors?.[0]?.message).toMatch(message);
    const listed = await gw.query('{ subject(ref:{email:"bob@example.com"}) { objections { purpose } } }', OFFICER);
    expect(listed.body.data?.subject.objections.map((o: any) => o.purpose)).toEqual(['fraud_prevention']);
  });

  it('is a mutation of the privacy office, and needs a known subject', async () => {
    const shop = await gw.query(OBJECT, { roles: ['shop_service'], purpose: 'order_fulfillment', variables: { input: { ref: { email: 'bob@example.com' }, purpose: 'fraud_prevention' } } });
    expect(codes(shop)).toEqual(['FORBIDDEN']);
    const nobody = await gw.query(OBJECT, { ...OFFICER, variables: { input: { ref: { email: 'nobody@example.com' }, purpose: 'fraud_prevention' } } });
    expect(codes(nobody)).toEqual(['NOT_FOUND']);
  });
});
