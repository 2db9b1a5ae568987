import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from './kit/startTestGateway';

/** Each DSR mutation with its input type, a first input, and the same input changed in one value. */
const CASES = [
  { field: 'exportSubject', type: 'ExportSubjectInput', input: { ref: { email: 'user1@demo.example' } }, other: { ref: { email: 'user2@demo.example' } } },
  { field: 'blockSubject', type: 'BlockSubjectInput', input: { ref: { email: 'user3@demo.example' }, reason: 'disputed accuracy' }, other: { ref: { email: 'user3@demo.example' }, reason: 'another reason' } },
  { field: 'rectifySubject', type: 'RectifySubjectInput', input: { ref: { email: 'user4@demo.example' }, changes: { name: 'Four Fixed' } }, other: { ref: { email: 'user4@demo.example' }, changes: { name: 'Four Other' } } },
  { field: 'objectToPurpose', type: 'ObjectionInput', input: { ref: { email: 'user5@demo.example' }, purpose: 'fraud_prevention' }, other: { ref: { email: 'user5@demo.example' }, purpose: 'analytics' } },
] as const;

const requestCount = async (gw: TestGateway) => (await gw.gateway.services.state.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM dsr_requests')).rows[0]?.n;

async function send(gw: TestGateway, field: string, type: string, input: Record<string, unknown>, as: { roles: readonly string[]; purpose: string } = OFFICER) {
  return gw.query(`mutation($input: ${type}!){ ${field}(input:$input){ id type status subjectId dueAt extendedReason } }`, { ...as, variables: { input } });
}

describe('idempotency keys on every DSR mutation (as on eraseSubject)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // No worker: the requests stay open, so a retry meets them as a client's retry would.
    gw = await startTestGateway({ overrides: { startWorker: false } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it.each(CASES)('$field: the same key and input answer with the same request; the same key with another input is BAD_USER_INPUT and records nothing', async ({ field, type, input, other }) => {
    const key = `k-${field}-0001`;
    const first = await send(gw, field, type, { ...input, idempotencyKey: key });
    expect(first.body.errors).toBeUndefined();
    const before = await requestCount(gw);
    const again = await send(gw, field, type, { ...input, idempotencyKey: key });
    expect(again.body.data?.[field].id).toBe(first.body.data?.[field].id);
    const different = await send(gw, field, type, { ...other, idempotencyKey: key });
    expect(codes(different)).toEqual(['BAD_USER_INPUT']);
    expect(different.body.errors?.[0]?.message).toMatch(/^idempotencyKey: already used for a different request/);
    expect(await requestCount(gw)).toBe(before);
    // Another client's equal key is another request.
    const otherClient = await gw.query(`mutation($input: ${type}!){ ${field}(input:$input){ id } }`, { ...OFFICER, headers: { authorization: `Bearer ${await gw.token(['privacy_officer'], 'another-client')}` }, variables: { input: { ...input, idempotencyKey: key } } });
    expect(otherClient.body.data?.[field].id).not.toBe(first.body.data?.[field].id);
  });

  it('two requests with one key at once: one request, recorded once, both answered with it', async () => {
    const input = { ref: { email: 'user6@demo.example' }, reason: 'restriction asked by letter', idempotencyKey: 'k-concurrent-block' };
    const before = await requestCount(gw);
    const [a, b] = await Promise.all([send(gw, 'blockSubject', 'BlockSubjectInput', input), send(gw, 'blockSubject', 'BlockSubjectInput', input)]);
    expect([a.body.errors, b.body.errors]).toEqual([undefined, undefined]);
    expect(a.body.data?.blockSubject.id).toBe(b.body.data?.blockSubject.id);
    expect(await requestCount(gw)).toBe((before ?? 0) + 1);
  });

  it('a block refused for its key changes nothing at the gateway', async () => {
    await send(gw, 'blockSubject', 'BlockSubjectInput', { ref: { email: 'user7@demo.example' }, reason: 'first', idempotencyKey: 'k-block-user7' });
    const unblock = await send(gw, 'unblockSubject', 'BlockSubjectInput', { ref: { email: 'user7@demo.example' }, reason: 'first', idempotencyKey: 'k-block-user7' });
    expect(codes(unblock)).toEqual(['BAD_USER_INPUT']);
    const status = await gw.query('query{ subject(ref:{ email: "user7@demo.example" }){ status } }', OFFICER);
    expect(status.body.data?.subject.status).toBe('BLOCKED');
  });

  it('extendDsrDeadline: a retry with its key answers with the extended request instead of refusing a second extension', async () => {
    const accepted = (await send(gw, 'exportSubject', 'ExportSubjectInput', { ref: { email: 'user8@demo.example' } })).body.data?.exportSubject;
    const extend = (input: Record<string, unknown>) => send(gw, 'extendDsrDeadline', 'ExtendDeadlineInput', input);
    const first = await extend({ id: accepted.id, reason: 'the processor asked for more time', idempotencyKey: 'k-extend-user8' });
    expect(first.body.data?.extendDsrDeadline).toMatchObject({ id: accepted.id, extendedReason: 'the processor asked for more time' });
    expect(first.body.data?.extendDsrDeadline.dueAt > accepted.dueAt).toBe(true);
    const again = await extend({ id: accepted.id, reason: 'the processor asked for more time', idempotencyKey: 'k-extend-user8' });
    expect(again.body.data?.extendDsrDeadline).toEqual(first.body.data?.extendDsrDeadline);
    expect(codes(await extend({ id: accepted.id, reason: 'another reason', idempotencyKey: 'k-extend-user8' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await extend({ id: accepted.id, reason: 'the processor asked for more time' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('grantConsent / withdrawConsent: a retry records no second change; the same key for another change is refused', async () => {
    const consent = (field: string, input: Record<string, unknown>) => gw.query(`mutation($input: ConsentInput!){ ${field}(input:$input){ status history { action } } }`, { ...OFFICER, variables: { input } });
    const input = { ref: { email: 'user9@demo.example' }, purpose: 'marketing', evidence: 'form 12', idempotencyKey: 'k-consent-user9' };
    const first = await consent('grantConsent', input);
    expect(first.body.data?.grantConsent.status).toBe('ACTIVE');
    const again = await consent('grantConsent', input);
    expect(again.body.data?.grantConsent).toEqual(first.body.data?.grantConsent);
    const [x, y] = await Promise.all([consent('withdrawConsent', { ...input, idempotencyKey: 'k-consent-user9-w' }), consent('withdrawConsent', { ...input, idempotencyKey: 'k-consent-user9-w' })]);
    expect(x.body.data?.withdrawConsent.history).toHaveLength(first.body.data?.grantConsent.history.length + 1);
    expect(y.body.data?.withdrawConsent).toEqual(x.body.data?.withdrawConsent);
    expect(codes(await consent('withdrawConsent', input))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await consent('grantConsent', { ...input, evidence: 'form 13' }))).toEqual(['BAD_USER_INPUT']);
    const state = await gw.query('query{ subject(ref:{ email: "user9@demo.example" }){ consents { status history { action } } } }', OFFICER);
    expect(state.body.data?.subject.consents).toEqual([{ status: 'WITHDRAWN', history: x.body.data?.withdrawConsent.history }]);
  });

  it('a key of another kind of request is not an erasure’s: eraseSubject with an export’s key is refused', async () => {
    const input = { ref: { email: 'user10@demo.example' }, idempotencyKey: 'k-export-then-erase' };
    await send(gw, 'exportSubject', 'ExportSubjectInput', input);
    expect(codes(await send(gw, 'eraseSubject', 'EraseSubjectInput', input))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('DsrRequest.subject: a queue row opens its person (the officer only)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ overrides: { startWorker: false } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const QUEUE = 'query{ dsrRequests(status: PENDING, first: 10){ edges { node { id subjectId subject { id identities { type value } profile { id name } } } } } }';

  it('an open request names its subject: the id the person has everywhere, and the identities to open them by', async () => {
    const accepted = (await send(gw, 'exportSubject', 'ExportSubjectInput', { ref: { phone: '+79990000003' } })).body.data?.exportSubject;
    const r = await gw.query(QUEUE, OFFICER);
    expect(r.body.errors).toBeUndefined();
    const row = r.body.data?.dsrRequests.edges.map((e: any) => e.node).find((n: any) => n.id === accepted.id);
    expect(row.subject.id).toBe(row.subjectId);
    expect(row.subject.profile.id).toBe(row.subjectId);
    // Carol, found by her phone, has her email and customer id too: any of them opens her.
    expect(row.subject.identities).toEqual(expect.arrayContaining([{ type: 'EMAIL', value: 'carol@example.com' }, { type: 'CUSTOMER_ID', value: 'cus_carol' }]));
    const person = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ id } }', { ...OFFICER, variables: { ref: { email: 'carol@example.com' } } });
    expect(person.body.data?.subject.id).toBe(row.subjectId);
  });

  it('erasure automation gets FORBIDDEN for it, the rest of the request resolves; a finished request has none', async () => {
    const accepted = (await send(gw, 'blockSubject', 'BlockSubjectInput', { ref: { email: 'bob@example.com' }, reason: 'asked' })).body.data?.blockSubject;
    const automation = await gw.query('query($id: ID!){ dsrRequest(id:$id){ id subject { id } } }', { roles: ['erasure_automation'], purpose: 'dsr_handling', variables: { id: accepted.id } });
    expect(codes(automation)).toEqual(['FORBIDDEN']);
    expect(automation.body.data?.dsrRequest).toEqual({ id: accepted.id, subject: null });
    await gw.gateway.services.dsr.worker.runOnce();
    const done = await gw.query('query($id: ID!){ dsrRequest(id:$id){ status subject { id } } }', { ...OFFICER, variables: { id: accepted.id } });
    expect(done.body.data?.dsrRequest).toEqual({ status: 'COMPLETED', subject: null });
  });
});
