import { createHash } from 'node:crypto';
import { loadPolicy } from '../src/policy/loadPolicy';
import { mutate, waitFor } from './kit/dsr';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, startTestGateway } from './kit/startTestGateway';

const ACT = `certificate {
  issuedAt sha256 requestId subjectId verifiedAt format canonicalJson subjectIdentityHashes requestedBy requestedAt dueAt performedBy policyVersion
  operator { name address contact responsible }
  reason { type text legalBasis }
  auditExtract { id at client purpose operation outcome hash prevHash }
  sources { source deleted depersonalized retained retainedUntil retainedUnder completedAt system kind custody storage recipients
    actions { method records categories categoriesKept hold holdBasis until } }
}`;

const policy = loadPolicy();

async function download(gw: TestGateway, id: string): Promise<any> {
  const done = await waitFor(gw, id);
  expect(done.status).toBe('COMPLETED');
  const res = await fetch(`${gw.url}${done.export.downloadUrl}`, { headers: { authorization: `Bearer ${await gw.token(['privacy_officer'])}`, 'x-purpose': 'dsr_handling' } });
  return res.json();
}

describe('the destruction act a regulator accepts (Order 179, GDPR art. 17) and the copy of art. 15 / 152-FZ art. 14(7)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("Alice's export holds every fact both laws list, from the policy, and every record with its source", async () => {
    const doc = await download(gw, (await mutate(gw, 'exportSubject', { ref: { email: 'alice@example.com' }, format: 'JSON' })).id);
    expect(doc.confirmation).toContain(policy.notices?.controller.name);
    expect(doc.controller).toEqual(policy.notices?.controller);
    expect(doc.processing).toMatchObject({ methods: policy.notices?.processingMethods, crossBorderTransfer: policy.notices?.crossBorderTransfer, automatedDecisions: policy.notices?.automatedDecisions, securityMeasures: policy.notices?.securityMeasures });
    expect(doc.processing.sources.map((s: any) => [s.name, s.kind, s.custody])).toEqual([['orders', 'mongodb', 'EMBEDDED'], ['payments', 'rest', 'OPERATOR_MANAGED'], ['support', 'postgres', 'EMBEDDED'], ['newsletter', 'mongodb', 'EMBEDDED'], ['gateway', null, null]]);
    expect(doc.recipients).toEqual([
      { name: 'Payment processor (card payments; processor under contract)', sources: ['payments'] },
      { name: 'Email delivery service (sends the newsletter; processor under contract)', sources: ['newsletter'] },
    ]);
    expect(doc.retention).toEqual(expect.arrayContaining([
      { category: 'payment.transaction', description: 'Amount, currency and status of a payment', period: '5 years after the payment (accounting)', holds: [{ name: 'accounting', years: 5, basis: policy.holds[0]?.basis }] },
      expect.objectContaining({ category: 'support.message', period: '3 years after the ticket is closed', holds: [] }),
    ]));
    expect(doc.consents).toEqual([expect.objectContaining({ purpose: 'marketing', status: 'ACTIVE', evidence: 'newsletter checkbox at checkout, order ord_alice_3' })]);
    expect(doc.objections).toEqual([]);
    expect(doc.rights.map((r: any) => r.law)).toEqual(expect.arrayContaining(['152-FZ art. 14; GDPR art. 15', 'GDPR art. 20']));
    expect(doc.supervisoryAuthorities.map((a: any) => a.law)).toEqual(['152-FZ art. 17(2), 23', 'GDPR art. 77']);
    const records = Object.entries(doc.records as Record<string, any[]>).flatMap(([source, list]) => list.map((r) => [source, r]));
    expect(records.length).toBe(3 + 3 + 6 + 1);
    expect(records.every(([source, r]) => r.source === source && typeof r.collection === 'string' && r.held === undefined)).toBe(true);
  });

  it("Dave's erasure: per system the categories destroyed, the method, the hold and until when, who asked and what did it, the audit extract, a hash anyone can recompute", async () => {
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'dave@example.com' }, reason: 'art. 17 request by letter of 2026-11-30' });
    await waitFor(gw, accepted.id);
    const r = await gw.query(`query($id: ID!){ dsrRequest(id:$id){ createdAt ${ACT} } }`, { ...OFFICER, variables: { id: accepted.id } });
    const act = r.body.data?.dsrRequest.certificate;
    expect(act).toMatchObject({
      format: 'privacy-gateway/destruction-act@1',
      requestId: accepted.id,
      subjectId: accepted.subjectId,
      operator: policy.notices?.controller,
      reason: { type: 'ERASE', text: 'art. 17 request by letter of 2026-11-30', legalBasis: ['152-FZ art. 14(1), 21(3) (demand of the data subject)', 'GDPR art. 17(1) (right to erasure)'] },
      requestedBy: 'test-client',
      requestedAt: r.body.data?.dsrRequest.createdAt,
      policyVersion: policy.version,
    });
    expect(act.performedBy).toMatch(/^worker_/);
    expect(act.subjectIdentityHashes).toHaveLength(3);
    const sha = createHash('sha256').update(act.canonicalJson).digest('hex');
    expect(sha).toBe(act.sha256);
    // The act names the person by keyed hashes only: none of Dave's values is in it.
    expect(act.canonicalJson).not.toMatch(/dave|Davis|\+79990000004|Novosibirsk/i);
    const bySource = Object.fromEntries(act.sources.map((s: any) => [s.source, s]));
    expect(bySource.orders).toMatchObject({ kind: 'mongodb', custody: 'EMBEDDED', depersonalized: 1, recipients: [] });
    expect(bySource.orders.actions).toEqual([{ method: 'DEPERSONALIZED', records: 1, categories: expect.arrayContaining(['contact.email', 'identity.name', 'technical.ip']), categoriesKept: ['order.item', 'order.total', 'technical.device'], hold: null, holdBasis: null, until: null }]);
    expect(bySource.orders.actions[0].categories).not.toContain('order.total');
    expect(bySource.payments).toMatchObject({ kind: 'rest', custody: 'OPERATOR_MANAGED', recipients: ['Payment processor (card payments; processor under contract)'], system: 'Payment processor (REST API)' });
    expect(bySource.payments.storage).toMatch(/operator/);
    expect(bySource.payments.actions).toEqual([
      { method: 'DELETED', records: 1, categories: expect.arrayContaining(['identity.name', 'payment.card']), categoriesKept: [], hold: null, holdBasis: null, until: null },
      { method: 'RETAINED', records: 1, categories: [], categoriesKept: ['payment.transaction'], hold: 'accounting', holdBasis: policy.holds[0]?.basis, until: '2031-06-15T14:30:00.000Z' },
    ]);
    expect(bySource.support).toMatchObject({ kind: 'postgres', custody: 'EMBEDDED', deleted: 2, actions: [expect.objectContaining({ method: 'DELETED', records: 2, categories: expect.arrayContaining(['support.message']) })] });
    expect(bySource.support.storage).toMatch(/vacuumed/);
    // The extract is the audit chain's own events about the subject since the request: same ids, same hashes.
    const audit = await gw.query('query($ref: SubjectRef!){ auditEvents(subject:$ref, first: 100){ edges { node { id at hash prevHash } } } }', { ...OFFICER, variables: { ref: { customerId: 'cus_dave' } } });
    const chain = new Map(audit.body.data?.auditEvents.edges.map((e: any) => [e.node.id, e.node]));
    expect(act.auditExtract.length).toBeGreaterThan(0);
    for (const e of act.auditExtract) expect({ id: e.id, hash: e.hash, at: e.at >= act.requestedAt }).toEqual({ id: e.id, hash: (chain.get(e.id) as any)?.hash, at: true });
    expect(act.auditExtract.map((e: any) => e.client)).toContain('test-client');
  });

  it("a record kept under a hold is in the copy, marked as held, with its hold and until when", async () => {
    const doc = await download(gw, (await mutate(gw, 'exportSubject', { ref: { customerId: 'cus_dave' }, format: 'JSON' })).id);
    expect(doc.records.payments).toEqual([expect.objectContaining({ id: 'pay_dave_1', source: 'payments', restricted: true, held: { hold: 'accounting', until: '2031-06-15T14:30:00.000Z', basis: policy.holds[0]?.basis } })]);
  });
});
