import { retentionPolicyFile } from '../kit/retentionPolicy';
import type { TestGateway } from '../kit/startTestGateway';
import { OFFICER, startTestGateway } from '../kit/startTestGateway';

const EVENTS = '{ auditEvents(first: 50) { edges { node { id requestId client purpose operation subjectIds categories outcome act { kind runId deleted depersonalized retained failedSources sha256 } } } } }';

describe('retention runs in the audit chain', () => {
  let gw: TestGateway | undefined;
  afterAll(async () => {
    await gw?.close();
  });

  it('appends each run (its id, counts and sha256, no personal value) as an audit event that verifyAuditLog covers', async () => {
    gw = await startTestGateway({ env: { POLICY_FILE: retentionPolicyFile({ support: 'PT1S' }), SEED_SUBJECTS: '0' }, overrides: { startWorker: false } });
    const run = await gw.gateway.retention.runOnce(new Date());
    if (!run?.sha256) throw new Error('expected a completed run');
    const support = run.sources.find((s) => s.source === 'support');
    expect(support?.deleted).toBeGreaterThan(0);

    const listed = await gw.query(EVENTS, OFFICER);
    expect(listed.body.errors).toBeUndefined();
    const events = listed.body.data?.auditEvents.edges.map((e: any) => e.node) as any[];
    const event = events.find((e) => e.requestId === run.id);
    const sum = (key: 'deleted' | 'depersonalized' | 'retained') => run.sources.reduce((n, s) => n + s[key], 0);
    expect(event).toEqual({
      id: expect.any(String), requestId: run.id, client: 'retention-clock', purpose: 'storage_limitation', operation: 'retentionRun', subjectIds: [], categories: [], outcome: 'ok',
      act: { kind: 'retention_run', runId: run.id, deleted: sum('deleted'), depersonalized: sum('depersonalized'), retained: sum('retained'), failedSources: [], sha256: run.sha256 },
    });
    // Accesses carry no act.
    expect(events.filter((e) => e.requestId !== run.id).every((e) => e.act === null)).toBe(true);

    const verified = await gw.query('{ verifyAuditLog { ok checked firstBrokenId } }', OFFICER);
    expect(verified.body.data?.verifyAuditLog).toMatchObject({ ok: true, firstBrokenId: null });
    expect(verified.body.data?.verifyAuditLog.checked).toBeGreaterThanOrEqual(1);

    // A count changed afterwards breaks the chain at that event.
    await gw.gateway.services.state.sql.query("UPDATE audit_events SET act = jsonb_set(act, '{deleted}', '0'::jsonb) WHERE request_id = $1", [run.id]);
    const broken = await gw.query('{ verifyAuditLog { ok firstBrokenId } }', OFFICER);
    expect(broken.body.data?.verifyAuditLog).toEqual({ ok: false, firstBrokenId: event.id });
  });
});
