import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/audit/AuditEvent';
import { RUN_FIELDS, retentionPolicyFile } from '../kit/retentionPolicy';
import type { TestGateway } from '../kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from '../kit/startTestGateway';

const count = async (gw: TestGateway, table: string) => Number((await gw.gateway.sources.support.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

async function completedRuns(gw: TestGateway): Promise<any[]> {
  const r = await gw.query(`{ retentionRuns(first: 10) { edges { node { ${RUN_FIELDS} } } } }`, OFFICER);
  if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
  return (r.body.data?.retentionRuns.edges ?? []).map((e: any) => e.node).filter((n: any) => n.completedAt);
}

async function waitForRun(gw: TestGateway): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const [run] = await completedRuns(gw);
    if (run) return run;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('no retention run was recorded');
}

describe('retention on a clock: a support period of one second', () => {
  const env = { POLICY_FILE: retentionPolicyFile({ support: 'PT1S', payment: 'PT1S', order: 'PT1S' }) };
  let first: TestGateway | undefined;
  let second: TestGateway | undefined;
  afterAll(async () => {
    await second?.close();
    await first?.stop();
  });

  it('previews, then a fresh start destroys every support record by itself, keeps the held payment, and records the run', async () => {
    first = await startTestGateway({ env, overrides: { startWorker: false } });
    const tickets = await count(first, 'tickets');
    const messages = await count(first, 'messages');
    expect(messages).toBeGreaterThan(0);
    const preview = await first.query('{ retentionPreview { source deleted depersonalized retained retainedUntil retainedUnder } }', OFFICER);
    expect(preview.body.errors).toBeUndefined();
    const planned = preview.body.data?.retentionPreview as any[];
    expect(planned.find((s) => s.source === 'support')).toEqual({ source: 'support', deleted: tickets + messages, depersonalized: 0, retained: 0, retainedUntil: null, retainedUnder: null });
    // Orders are kept as statistics, depersonalized; the newsletter keeps the default's 75 years.
    const orders = (await first.gateway.sources.orders.collection('orders').find({})).length;
    expect(planned.find((s) => s.source === 'orders')).toMatchObject({ deleted: 0, depersonalized: orders, retained: 0 });
    expect(planned.find((s) => s.source === 'newsletter')).toMatchObject({ deleted: 0, depersonalized: 0 });
    // A preview changes nothing, and runs nothing.
    expect(await count(first, 'messages')).toBe(messages);
    expect(await completedRuns(first)).toEqual([]);
    await first.stop();

    second = await startTestGateway({ env, dataDir: first.dataDir });
    const run = await waitForRun(second);
    expect(run.sources).toEqual(planned.map((s) => ({ ...s, completedAt: expect.any(String) })));
    expect(run.failedSources).toEqual([]);
    const { sha256, ...body } = run;
    expect(sha256).toBe(createHash('sha256').update(canonicalJson(body)).digest('hex'));
    expect(await count(second, 'messages')).toBe(0);
    expect(await count(second, 'tickets')).toBe(0);

    const dave = await second.query('{ subject(ref:{customerId:"cus_dave"}) { payments { id amount } orders { id } supportMessages { id } } }', OFFICER);
    expect(dave.body.data?.subject.payments).toEqual([expect.objectContaining({ id: expect.any(String), amount: 310 })]);
    // Found by his customer id at the processor alone: his order is still there as statistics, no longer his.
    expect(dave.body.data?.subject.orders).toEqual([]);
    expect(dave.body.data?.subject.supportMessages).toEqual([]);
    const kept = await second.gateway.sources.orders.collection('orders').find({});
    expect(kept).toHaveLength(orders);
    expect(kept.every((o: any) => o.email == null && o.name == null && o.ip == null && typeof o.total === 'number')).toBe(true);

    // The slot is taken until the next interval: running again now does nothing, and a preview finds nothing due.
    expect(await second.gateway.retention.runOnce()).toBeNull();
    const after = await second.query('{ retentionPreview { source deleted depersonalized } }', OFFICER);
    expect(after.body.data?.retentionPreview.filter((s: any) => s.source === 'support' || s.source === 'orders')).toEqual([{ source: 'orders', deleted: 0, depersonalized: 0 }, { source: 'support', deleted: 0, depersonalized: 0 }]);
  });

  it('is for the privacy office only', async () => {
    const r = await (second as TestGateway).query('{ retentionRuns { edges { node { id } } } }', { roles: ['support_agent'], purpose: 'customer_support' });
    expect(codes(r)).toEqual(['FORBIDDEN']);
    const bad = await (second as TestGateway).query('{ retentionRuns(after: "nonsense") { edges { node { id } } } }', OFFICER);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('retention on a clock: a source that fails', () => {
  let gw: TestGateway | undefined;
  afterAll(async () => {
    await gw?.close();
  });

  it('is named in the run, the others carried out, and it is tried again at the next slot', async () => {
    let broken = true;
    const env = { POLICY_FILE: retentionPolicyFile({ support: 'PT1S' }), SEED_SUBJECTS: '0' };
    gw = await startTestGateway({
      env,
      overrides: {
        startWorker: false,
        wrapConnector: (c) => (c.name !== 'support' || !c.expiring ? c : {
          ...c,
          expiring: { plan: (p) => (c.expiring as NonNullable<typeof c.expiring>).plan(p), erase: async (p) => { if (broken) throw new Error('helpdesk down'); return (c.expiring as NonNullable<typeof c.expiring>).erase(p); } },
        }),
      },
    });
    const messages = await count(gw, 'messages');
    const failed = await gw.gateway.retention.runOnce(new Date());
    expect(failed?.failedSources).toEqual(['support']);
    expect(failed?.sources.map((s) => s.source)).toEqual(['orders', 'newsletter']);
    expect(await count(gw, 'messages')).toBe(messages);
    broken = false;
    const next = await gw.gateway.retention.runOnce(new Date(Date.now() + 3_600_000));
    expect(next?.failedSources).toEqual([]);
    expect(next?.sources.find((s) => s.source === 'support')?.deleted).toBeGreaterThanOrEqual(messages);
    expect(await count(gw, 'messages')).toBe(0);
    expect((await completedRuns(gw)).map((r) => r.id)).toEqual([next?.id, failed?.id]);
  });
});
