import { loadPolicy } from '../src/policy/loadPolicy';
import { mutate, waitFor } from './kit/dsr';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from './kit/startTestGateway';

const PLAN = `query($ref: SubjectRef!){ erasurePlan(subject: $ref){ subjectId status complete plannedAt openErasure
  sources { source reachable error note actions { collection action records hold basis until reason } } } }`;

const policy = loadPolicy();
const SEARCHES = ['POST /v1/payments/search', 'POST /v1/customers/search'] as const;

type Action = { collection: string | null; action: string; records: number; hold: string | null; basis: string | null; until: string | null; reason: string };
type PlanSource = { source: string; reachable: boolean; error: string | null; actions: Action[] };

async function planOf(gw: TestGateway, ref: Record<string, string>, as: { roles: readonly string[]; purpose: string } = OFFICER) {
  return gw.query(PLAN, { ...as, variables: { ref } });
}

/** Records per source and collection, as an officer's read of the subject lists them. */
async function recordsOf(gw: TestGateway, email: string): Promise<Map<string, number>> {
  const connectors = gw.gateway.services.connectors;
  const fields = connectors.flatMap((c) => c.collections.map((k) => ({ source: c.name, collection: k.name, field: k.subjectField })));
  const r = await gw.query(`query($ref: SubjectRef!){ subject(ref:$ref){ ${fields.map((f) => `${f.field} { id }`).join(' ')} } }`, { ...OFFICER, variables: { ref: { email } } });
  expect(r.body.errors).toBeUndefined();
  return new Map(fields.flatMap((f) => {
    const n = (r.body.data?.subject[f.field] ?? []).length;
    return n > 0 ? [[`${f.source}/${f.collection}`, n] as const] : [];
  }));
}

const sum = (source: PlanSource | undefined, action: string) => (source?.actions ?? []).filter((a) => a.action === action).reduce((n, a) => n + a.records, 0);

describe('erasurePlan: what an erasure would do, by the worker’s own planning', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("Alice's plan names every record per collection, writes nothing, and is what her erasure then certifies per source", async () => {
    const records = await recordsOf(gw, 'alice@example.com');
    const requestsBefore = (await gw.gateway.services.state.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM dsr_requests')).rows[0]?.n;
    const r = await planOf(gw, { email: 'alice@example.com' });
    expect(r.body.errors).toBeUndefined();
    const plan = r.body.data?.erasurePlan;
    expect(plan).toMatchObject({ status: 'ACTIVE', complete: true, openErasure: null });
    expect(plan.sources.map((s: PlanSource) => s.source)).toEqual(gw.gateway.services.connectors.map((c) => c.name));
    expect(plan.sources.every((s: PlanSource) => s.reachable && s.error === null)).toBe(true);
    const planned = new Map<string, number>();
    for (const s of plan.sources as PlanSource[]) for (const a of s.actions) planned.set(`${s.source}/${a.collection}`, (planned.get(`${s.source}/${a.collection}`) ?? 0) + a.records);
    expect(planned).toEqual(records);
    const orders = plan.sources.find((s: PlanSource) => s.source === 'orders');
    expect(orders.actions).toEqual([expect.objectContaining({ action: 'DEPERSONALIZE', records: 3, hold: null })]);
    expect(orders.actions[0].reason).toMatch(/order\.item, order\.total, technical\.device kept as statistics/);
    // A dry run: no request recorded, nothing of Alice's touched.
    expect((await gw.gateway.services.state.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM dsr_requests')).rows[0]?.n).toBe(requestsBefore);
    expect(await recordsOf(gw, 'alice@example.com')).toEqual(records);
    // Audited as a read of her.
    const events = await gw.gateway.services.audit.list({ subjectIds: [plan.subjectId], first: 5 });
    expect(events.events.some((e) => e.purpose === 'dsr_handling' && e.outcome === 'ok')).toBe(true);

    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'alice@example.com' }, reason: 'art. 17' });
    expect(accepted.subjectId).toBe(plan.subjectId);
    const done = await waitFor(gw, accepted.id);
    expect(done.status).toBe('COMPLETED');
    for (const s of plan.sources as PlanSource[]) {
      const certified = done.certificate.sources.find((c: any) => c.source === s.source);
      expect([s.source, certified.deleted, certified.depersonalized, certified.retained]).toEqual([s.source, sum(s, 'DELETE'), sum(s, 'DEPERSONALIZE'), sum(s, 'RETAIN')]);
    }
    // After the erasure the plan says an erasure has nothing left to do.
    const after = (await planOf(gw, { email: 'alice@example.com' })).body.data?.erasurePlan;
    expect(after).toMatchObject({ subjectId: plan.subjectId, status: 'ERASED', sources: [] });
  });

  it("Dave's payment under the accounting hold is RETAIN, with its basis and until when; the rest of his payments' source goes", async () => {
    const plan = (await planOf(gw, { email: 'dave@example.com' })).body.data?.erasurePlan;
    const payments = plan.sources.find((s: PlanSource) => s.source === 'payments') as PlanSource;
    const held = payments.actions.filter((a) => a.action === 'RETAIN');
    expect(held).toEqual([expect.objectContaining({ collection: 'payments', records: 1, hold: 'accounting', basis: policy.holds[0]?.basis })]);
    expect(Date.parse(held[0]?.until ?? '')).toBeGreaterThan(Date.now());
    expect(held[0]?.reason).toContain(`until ${held[0]?.until}`);
    expect(payments.actions.filter((a) => a.action === 'DELETE').map((a) => a.collection)).toEqual(['customers']);
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'dave@example.com' } });
    const done = await waitFor(gw, accepted.id);
    const certified = done.certificate.sources.find((c: any) => c.source === 'payments');
    expect(certified).toMatchObject({ retained: 1, retainedUntil: held[0]?.until, retainedUnder: 'accounting', deleted: sum(payments, 'DELETE') });
  });

  it('a source that does not answer is unreachable, with no actions; the others are planned; the plan is not complete', async () => {
    const processor = gw.gateway.sources.processor;
    processor?.faults.set({ status: 503, times: 1000, routes: [...SEARCHES] });
    try {
      const r = await planOf(gw, { email: 'bob@example.com' });
      expect(r.body.errors).toBeUndefined();
      const plan = r.body.data?.erasurePlan;
      expect(plan.complete).toBe(false);
      const payments = plan.sources.find((s: PlanSource) => s.source === 'payments');
      expect(payments).toEqual({ source: 'payments', reachable: false, error: expect.stringContaining('did not answer'), note: null, actions: [] });
      expect(plan.sources.find((s: PlanSource) => s.source === 'orders')).toMatchObject({ reachable: true, actions: [expect.objectContaining({ action: 'DEPERSONALIZE', records: 1 })] });
      expect(JSON.stringify(r.body)).not.toMatch(/503|Service Unavailable/);
      // An erasure accepted meanwhile waits for the processor; the plan names it as the open one.
      const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'bob@example.com' } });
      const during = (await planOf(gw, { email: 'bob@example.com' })).body.data?.erasurePlan;
      expect(during).toMatchObject({ status: 'BLOCKED', openErasure: accepted.id, complete: false });
    } finally {
      processor?.faults.clear();
    }
  });

  it('only the privacy officer may ask: erasure automation and other purposes are FORBIDDEN; an unknown subject is null', async () => {
    const automation = await planOf(gw, { email: 'bob@example.com' }, { roles: ['erasure_automation'], purpose: 'dsr_handling' });
    expect(codes(automation)).toEqual(['FORBIDDEN']);
    expect(automation.body.data?.erasurePlan).toBeNull();
    const shop = await planOf(gw, { email: 'bob@example.com' }, { roles: ['shop_service'], purpose: 'order_fulfillment' });
    expect(codes(shop)).toEqual(['FORBIDDEN']);
    const officer = await planOf(gw, { email: 'carol@example.com' }, { roles: ['privacy_officer'], purpose: 'legal_compliance' });
    expect(officer.body.data?.erasurePlan.status).toBe('ACTIVE');
    const nobody = await planOf(gw, { email: 'nobody@example.com' });
    expect(nobody.body.errors).toBeUndefined();
    expect(nobody.body.data?.erasurePlan).toBeNull();
    const bad = await planOf(gw, { email: 'a@b.c', phone: '+79990000001' });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});
