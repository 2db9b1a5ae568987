import { SignJWT } from 'jose';
import { hashEvent } from '../src/audit/AuditEvent';
import type { AuditEventDoc } from '../src/audit/AuditEvent';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, TEST_SECRET, codes, startTestGateway } from './kit/startTestGateway';

const SUBJECT = 'query($ref: SubjectRef!){ subject(ref:$ref){ id status profile { name email } orders { id total } } }';
const ALICE = { ref: { email: 'alice@example.com' } };

async function post(gw: TestGateway, headers: Record<string, string>, body: unknown = { query: SUBJECT, variables: ALICE }) {
  const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } };
}

const sign = (claims: Record<string, unknown>, options: { secret?: string; exp?: string | number; nbf?: string | number } = {}) => {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('client').setIssuedAt().setExpirationTime(options.exp ?? '1h');
  if (options.nbf) jwt = jwt.setNotBefore(options.nbf);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
};

describe('callers and purposes', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('rejects a missing, forged, expired, not-yet-valid, unsigned or malformed token with UNAUTHENTICATED and no data', async () => {
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', roles: ['privacy_officer'], exp: 9999999999 })).toString('base64url')}.`;
    const cases: Array<Record<string, string>> = [
      {},
      { authorization: `Bearer ${await sign({ roles: ['privacy_officer'] }, { secret: 'another-secret-of-at-least-thirty-two-chars' })}` },
      { authorization: `Bearer ${await sign({ roles: ['privacy_officer'] }, { exp: Math.floor(Date.now() / 1000) - 60 })}` },
      { authorization: `Bearer ${await sign({ roles: ['privacy_officer'] }, { nbf: Math.floor(Date.now() / 1000) + 3600 })}` },
      { authorization: `Bearer ${none}` },
      { authorization: `Bearer ${await sign({ roles: 'privacy_officer' })}` },
      { authorization: `Bearer ${await sign({ roles: ['Privacy Officer!'] })}` },
      { authorization: 'Basic dXNlcjpwYXNz' },
    ];
    for (const headers of cases) {
      const r = await post(gw, { ...headers, 'x-purpose': 'dsr_handling' });
      expect(r.status).toBe(401);
      expect(r.body.data).toBeUndefined();
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('rejects a missing, unknown, doubled or malformed purpose before anything runs', async () => {
    const auth = { authorization: `Bearer ${await gw.token(['privacy_officer'])}` };
    const expectCode = async (headers: Record<string, string>, status: number, code: string) => {
      const r = await post(gw, { ...auth, ...headers });
      expect({ status: r.status, codes: r.body.errors?.map((e) => e.extensions?.code), data: r.body.data }).toEqual({ status, codes: [code], data: undefined });
    };
    await expectCode({}, 400, 'PURPOSE_REQUIRED');
    await expectCode({ 'x-purpose': 'world_domination' }, 400, 'UNKNOWN_PURPOSE');
    await expectCode({ 'x-purpose': 'dsr_handling, marketing' }, 400, 'BAD_USER_INPUT');
    await expectCode({ 'x-purpose': 'dsr handling' }, 400, 'BAD_USER_INPUT');
    await expectCode({ 'x-purpose': 'marketing' }, 403, 'PURPOSE_NOT_ALLOWED');
  });

  it('lets only the contract roles run mutations, and consent mutations also for shop_service', async () => {
    const grant = 'mutation($ref: SubjectRef!){ grantConsent(input:{ ref:$ref, purpose:"marketing", evidence:"checkbox" }){ status } }';
    const block = 'mutation($ref: SubjectRef!){ blockSubject(input:{ ref:$ref, reason:"test" }){ id } }';
    const shop = { roles: ['shop_service'], purpose: 'order_fulfillment', variables: { ref: { email: 'bob@example.com' } } };
    expect((await gw.query(grant, shop)).body.data?.grantConsent.status).toBe('ACTIVE');
    const refused = await gw.query(block, shop);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.body.data).toBeNull();
    const analyst = await gw.query(grant, { roles: ['analyst'], purpose: 'analytics', variables: { ref: { email: 'bob@example.com' } } });
    expect(codes(analyst)).toEqual(['FORBIDDEN']);
  });
});

describe('blocking and consent at read time', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('consent granted → read; withdrawn → the next marketing read gets CONSENT_REQUIRED', async () => {
    const marketing = { roles: ['marketing_service'], purpose: 'marketing', variables: { ref: { email: 'bob@example.com' } } };
    const read = 'query($ref: SubjectRef!){ subject(ref:$ref){ status profile { name email } orders { items { sku } } } }';
    const before = await gw.query(read, marketing);
    expect(before.body.data?.subject.profile).toBeNull();
    expect(codes(before)).toEqual(['CONSENT_REQUIRED', 'CONSENT_REQUIRED']);
    const consent = (action: string) => gw.query(`mutation($ref: SubjectRef!){ ${action}(input:{ ref:$ref, purpose:"marketing", evidence:"newsletter form" }){ status history { action } } }`, { ...OFFICER, variables: { ref: { email: 'bob@example.com' } } });
    expect((await consent('grantConsent')).body.data?.grantConsent.status).toBe('ACTIVE');
    const granted = await gw.query(read, marketing);
    expect(granted.body.errors).toBeUndefined();
    expect(granted.body.data?.subject.profile).toEqual({ name: 'Bob Brown', email: 'bob@example.com' });
    const withdrawn = await consent('withdrawConsent');
    expect(withdrawn.body.data?.withdrawConsent).toEqual({ status: 'WITHDRAWN', history: [{ action: 'ACTIVE' }, { action: 'WITHDRAWN' }] });
    const after = await gw.query(read, marketing);
    expect(after.body.data?.subject.profile).toBeNull();
    expect(after.body.data?.subject.orders).toBeNull();
    expect(codes(after)).toEqual(['CONSENT_REQUIRED', 'CONSENT_REQUIRED']);
  });

  it('a blocked subject: personal fields null with SUBJECT_BLOCKED, status BLOCKED; purposes that see blocked data still read', async () => {
    const r = await gw.query('mutation($ref: SubjectRef!){ blockSubject(input:{ ref:$ref, reason:"disputed accuracy" }){ type status } }', { ...OFFICER, variables: { ref: { email: 'carol@example.com' } } });
    expect(r.body.data?.blockSubject.type).toBe('BLOCK');
    const shop = await gw.query(SUBJECT + '', { roles: ['shop_service'], purpose: 'order_fulfillment', variables: { ref: { email: 'carol@example.com' } } });
    expect(shop.body.data?.subject.status).toBe('BLOCKED');
    expect(shop.body.data?.subject.profile).toBeNull();
    expect(shop.body.data?.subject.orders).toBeNull();
    expect(codes(shop)).toEqual(['SUBJECT_BLOCKED', 'SUBJECT_BLOCKED']);
    const legal = await gw.query(SUBJECT, { roles: ['privacy_officer'], purpose: 'legal_compliance', variables: { ref: { email: 'carol@example.com' } } });
    expect(legal.body.errors).toBeUndefined();
    expect(legal.body.data?.subject.orders).toHaveLength(2);
  });
});

describe('audit log', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('writes one event per operation that touched personal data, with what was returned and what was withheld', async () => {
    await gw.query(SUBJECT, { ...OFFICER, variables: ALICE }); // so the event under test has a predecessor
    const before = await gw.query('{ verifyAuditLog { checked } }', OFFICER);
    await gw.query('query FindAlice($ref: SubjectRef!){ subject(ref:$ref){ profile { name address } orders { total ip } } }', { roles: ['support_agent'], purpose: 'customer_support', variables: ALICE });
    const after = await gw.query('{ verifyAuditLog { ok checked } auditEvents(first: 1) { edges { node { operation client roles purpose subjectIds categories denied policyVersion prevHash hash } } } }', OFFICER);
    expect(after.body.data?.verifyAuditLog).toEqual({ ok: true, checked: before.body.data?.verifyAuditLog.checked + 1 });
    const event = after.body.data?.auditEvents.edges[0].node;
    expect(event).toMatchObject({ operation: 'FindAlice', client: 'test-client', roles: ['support_agent'], purpose: 'customer_support', policyVersion: expect.any(String) });
    expect(event.subjectIds).toHaveLength(1);
    expect(event.categories).toEqual(['identity.name', 'order.total']);
    expect(event.denied).toEqual(['Order.ip: FORBIDDEN', 'Profile.address: FORBIDDEN']);
    expect(event.prevHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records no category read from a record list the purpose may not have, not even an identifier it would get as a pseudonym', async () => {
    const analytics = { roles: ['analyst'], purpose: 'analytics' };
    const pseudonym = gw.gateway.services.pseudonymizer.forPurpose('analytics').identity({ type: 'EMAIL', value: 'alice@example.com' });
    const read = await gw.query('query AliceCustomers($ref: SubjectRef!){ subject(ref:$ref){ orders { total } paymentCustomers { id } } }', { ...analytics, variables: { ref: { pseudonym } } });
    expect(read.body.data?.subject.paymentCustomers).toBeNull();
    const events = await gw.query('{ auditEvents(first: 1) { edges { node { operation categories denied } } } }', OFFICER);
    expect(events.body.data?.auditEvents.edges[0].node).toEqual({ operation: 'AliceCustomers', categories: ['order.total'], denied: ['DataSubject.paymentCustomers: FORBIDDEN', 'PaymentCustomer.id: FORBIDDEN'] });
  });

  it('detects an altered event at exactly that event', async () => {
    for (let i = 0; i < 3; i++) await gw.query(SUBJECT, { ...OFFICER, variables: ALICE });
    // The tampering is done in the table itself, past the log's owner, as an intruder would.
    const { sql } = gw.gateway.services.state;
    const newest = (await gw.gateway.services.audit.list({ first: 2 })).events;
    const victim = newest[1] as AuditEventDoc;
    await sql.query("UPDATE audit_events SET purpose = 'marketing' WHERE seq = $1", [victim.seq]);
    const r = await gw.query('{ verifyAuditLog { ok firstBrokenSeq firstBrokenId reason } }', OFFICER);
    expect(r.body.data?.verifyAuditLog).toMatchObject({ ok: false, firstBrokenSeq: victim.seq, firstBrokenId: victim._id });
    // Re-hashing the altered event without the audit key does not hide the change: the link is not keyed.
    const { hash: _old, ...unhashed } = { ...victim, purpose: 'marketing' };
    await sql.query('UPDATE audit_events SET hash = $2 WHERE seq = $1', [victim.seq, hashEvent(unhashed, null)]);
    const r2 = await gw.query('{ verifyAuditLog { ok firstBrokenSeq kind } }', OFFICER);
    expect(r2.body.data?.verifyAuditLog).toEqual({ ok: false, firstBrokenSeq: victim.seq, kind: 'RECOMPUTED' });
  });

  it('returns no data when the audit write fails: there is no unaudited access', async () => {
    const spy = jest.spyOn(gw.gateway.services.audit, 'append').mockRejectedValueOnce(new Error('disk full'));
    const r = await gw.query(SUBJECT, { ...OFFICER, variables: ALICE });
    spy.mockRestore();
    expect(r.status).toBe(503);
    expect(r.body.data).toBeNull();
    expect(JSON.stringify(r.body)).not.toMatch(/alice|disk full/i);
  });
});
