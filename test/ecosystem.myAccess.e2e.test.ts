import type { TestGateway } from './kit/startTestGateway';
import { codes, startTestGateway } from './kit/startTestGateway';

const MY_ACCESS = `{ myAccess {
  client roles declarablePurposes mutations
  purpose { id basis requiresConsent seesBlocked depersonalized }
  categories { category identifier access }
  fields { type field category access }
  identities { type category access }
} }`;

type Row = { type: string; field: string; category: string; access: string };

describe('myAccess: what a token and purpose may read', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('tells order_fulfillment which fields it reads and which are FORBIDDEN, and the schema agrees', async () => {
    const access = await gw.query(MY_ACCESS, { roles: ['shop_service'], purpose: 'order_fulfillment' });
    expect(access.body.errors).toBeUndefined();
    const me = access.body.data?.myAccess;
    expect(me.purpose).toEqual({ id: 'order_fulfillment', basis: 'contract', requiresConsent: false, seesBlocked: false, depersonalized: false });
    expect(me.declarablePurposes).toEqual(['fraud_prevention', 'order_fulfillment']);
    const field = (type: string, name: string) => (me.fields as Row[]).find((f) => f.type === type && f.field === name);
    expect(field('Profile', 'email')).toEqual({ type: 'Profile', field: 'email', category: 'contact.email', access: 'READ' });
    expect(field('Order', 'total')?.access).toBe('READ');
    expect(field('PaymentRecord', 'cardLast4')).toEqual({ type: 'PaymentRecord', field: 'cardLast4', category: 'payment.card', access: 'FORBIDDEN' });
    expect(me.categories.find((c: { category: string }) => c.category === 'payment.card').access).toBe('FORBIDDEN');
    expect(me.identities).toContainEqual({ type: 'CUSTOMER_ID', category: 'identity.customer_id', access: 'FORBIDDEN' });
    expect(me.mutations).toEqual(expect.arrayContaining(['grantConsent', 'withdrawConsent']));
    expect(me.mutations).not.toContain('eraseSubject');

    // Every field myAccess calls FORBIDDEN comes back null with FORBIDDEN, every READ one resolves.
    const read = await gw.query('{ subject(ref:{customerId:"cus_bob"}) { profile { email } orders { total } payments { cardLast4 } } }', { roles: ['shop_service'], purpose: 'order_fulfillment' });
    expect(read.body.data?.subject.profile.email).toBe('bob@example.com');
    expect(read.body.data?.subject.orders[0].total).toEqual(expect.any(Number));
    expect(read.body.data?.subject.payments?.[0]?.cardLast4 ?? null).toBeNull();
    expect(codes(read)).toContain('FORBIDDEN');
  });

  it('says identifiers arrive as pseudonyms for analytics, and lists no mutation for it', async () => {
    const me = (await gw.query(MY_ACCESS, { roles: ['analyst'], purpose: 'analytics' })).body.data?.myAccess;
    expect(me.purpose.depersonalized).toBe(true);
    expect(me.identities).toContainEqual({ type: 'EMAIL', category: 'contact.email', access: 'PSEUDONYM' });
    expect((me.fields as Row[]).find((f) => f.type === 'Profile' && f.field === 'name')?.access).toBe('FORBIDDEN');
    // An identifier in a record list analytics may not have at all: no pseudonym, the record never arrives.
    expect((me.fields as Row[]).find((f) => f.type === 'PaymentCustomer' && f.field === 'id')).toEqual({ type: 'PaymentCustomer', field: 'id', category: 'identity.customer_id', access: 'FORBIDDEN' });
    expect(me.mutations).toEqual([]);
  });

  it('lists every mutation for an officer, and every field as READ', async () => {
    const me = (await gw.query(MY_ACCESS, { roles: ['privacy_officer'], purpose: 'dsr_handling' })).body.data?.myAccess;
    expect(me.mutations).toEqual(expect.arrayContaining(['eraseSubject', 'exportSubject', 'rectifySubject']));
    expect((me.fields as Row[]).every((f) => f.access === 'READ')).toBe(true);
    expect(me.fields.length).toBeGreaterThan(10);
  });

  it('is refused like any request without a purpose: no data', async () => {
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await gw.token(['shop_service'])}` }, body: JSON.stringify({ query: MY_ACCESS }) });
    const body = (await res.json()) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]?.extensions.code).toBe('PURPOSE_REQUIRED');
  });
});
