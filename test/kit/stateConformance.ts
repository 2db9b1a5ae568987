import type { DsrRequestDoc } from '../../src/dsr/DsrRequestDoc';
import type { SqlQueryable } from '../../src/sql/SqlClient';
import type { GatewayState } from '../../src/state/GatewayState';
import { migrateState, StateSchemaError } from '../../src/state/migrateState';
import { STATE_MIGRATIONS } from '../../src/state/migrations';
import { defineStateAuditTests } from './stateConformanceAudit';
import { defineStateOutboxTests } from './stateConformanceOutbox';
import { defineStateKeyTests } from './stateConformanceKeys';
import { defineStateRetentionTests } from './stateConformanceRetention';
import { erasureDoc } from './stateDocs';

/**
 * The gateway state's conformance suite: what the owners under src/state promise, held against
 * every database the state runs on (PGlite embedded, a PostgreSQL server). `open` gives another
 * gateway instance over the same database: on a server a client (a pool) of its own, embedded
 * the one connection. The suite empties the tables before each test; `teardown` drops whatever
 * the target created (a schema, a database).
 */
export interface StateConformanceTarget {
  open(): Promise<GatewayState>;
  teardown(): Promise<void>;
}

export type Instances = () => { a: GatewayState; b: GatewayState };

const TABLES = 'dsr_tasks, dsr_callbacks, dsr_request_keys, dsr_requests, consents, objections, subject_identities, subjects, legal_holds, audit_events, audit_checkpoints, gateway_meta, retention_runs, retention_schedule, disclosures, outbox, consent_keys, identity_claims';

async function emptyState(sql: SqlQueryable): Promise<void> {
  await sql.query(`TRUNCATE ${TABLES}`);
  await sql.query('UPDATE audit_head SET seq = 0, hash = NULL, signature = NULL WHERE id = 1');
}

const at = (ms: number): string => new Date(Date.parse('2030-01-01T00:00:00.000Z') + ms).toISOString();
const lease = (owner: string, now: number, forMs = 30_000, limit = 1) => ({ owner, now: at(now), leaseUntil: at(now + forMs), limit });

export function defineStateConformance(name: string, target: () => Promise<StateConformanceTarget>): void {
  describe(`gateway state conformance: ${name}`, () => {
    let t: StateConformanceTarget | undefined;
    let states: { a: GatewayState; b: GatewayState } | undefined;
    const instances: Instances = () => {
      if (!states) throw new Error('expected the states to be open, got none (open() failed?)');
      return states;
    };
    beforeAll(async () => {
      t = await target();
      states = { a: await t.open(), b: await t.open() };
    });
    afterAll(async () => {
      await states?.a.close();
      await states?.b.close();
      await t?.teardown();
    });
    beforeEach(async () => {
      if (states) await emptyState(states.a.sql);
    });

    defineMigrationTests(instances, () => t as StateConformanceTarget);
    defineLeaseTests(instances);
    defineLedgerTests(instances);
    defineStateAuditTests(instances);
    defineStateRetentionTests(instances);
    defineStateOutboxTests(instances);
    defineStateKeyTests(instances);
  });
}

function defineMigrationTests(instances: Instances, target: () => StateConformanceTarget): void {
  it('migrates once: a restart applies nothing, and schema_migrations names every version', async () => {
    const { a } = instances();
    expect(await migrateState(a.sql)).toEqual({ applied: [] });
    const restarted = await target().open();
    await restarted.close();
    const { rows } = await a.sql.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(STATE_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('applies a new migration once when two instances start at once, and refuses an edited or unknown one', async () => {
    const { a, b } = instances();
    const probe = { version: 9999, name: 'conformance probe', statements: ['CREATE TABLE conformance_probe (id int PRIMARY KEY)'] };
    try {
      const both = await Promise.all([migrateState(a.sql, [...STATE_MIGRATIONS, probe]), migrateState(b.sql, [...STATE_MIGRATIONS, probe])]);
      expect(both.map((r) => r.applied).sort()).toEqual([[], [9999]]);
      const edited = { ...probe, statements: [...probe.statements, 'SELECT 1'] };
      await expect(migrateState(a.sql, [...STATE_MIGRATIONS, edited])).rejects.toThrow(StateSchemaError);
      // A state migrated by a newer gateway (version 9999 unknown here) is not run on.
      await expect(migrateState(a.sql)).rejects.toThrow(/newer gateway/);
    } finally {
      await a.sql.query('DROP TABLE IF EXISTS conformance_probe');
      await a.sql.query('DELETE FROM schema_migrations WHERE version = 9999');
    }
  });
}

function defineLeaseTests(instances: Instances): void {
  it('two claimers never get one request, and between them claim every due request', async () => {
    const { a, b } = instances();
    const docs = Array.from({ length: 30 }, (_, i) => erasureDoc({ createdAt: new Date(Date.parse(at(0)) - (30 - i) * 1000) }));
    await a.ledger.insertManyOrExisting(docs);
    const claimAll = async (state: GatewayState, owner: string): Promise<string[]> => {
      const got: string[] = [];
      for (let round = 0; round < 100; round++) {
        const claimed = await state.ledger.claim(lease(owner, 0, 30_000, 3));
        if (claimed.length === 0) break;
        got.push(...claimed.map((r) => r._id));
      }
      return got;
    };
    const [byA, byB] = await Promise.all([claimAll(a, 'worker-a'), claimAll(b, 'worker-b')]);
    // SKIP LOCKED may leave a row the other claimer held a moment: one more round takes it.
    const late = (await a.ledger.claim(lease('worker-a', 0, 30_000, 30))).map((r) => r._id);
    expect(byA.filter((id) => byB.includes(id))).toEqual([]);
    expect(new Set([...byA, ...byB, ...late]).size).toBe(30);
    expect([...byA, ...byB, ...late].length).toBe(30);
    const { rows } = await a.sql.query<{ id: string; lease_owner: string }>('SELECT id, lease_owner FROM dsr_requests');
    const owners = new Map(rows.map((r) => [r.id, r.lease_owner]));
    for (const id of byB) expect(owners.get(id)).toBe('worker-b');
  });

  it('an expired lease is claimable again, and not before it expires', async () => {
    const { a, b } = instances();
    const doc = erasureDoc({ createdAt: new Date(at(-1000)) });
    await a.ledger.insertOrExisting(doc);
    expect((await a.ledger.claim(lease('worker-a', 0, 1000))).map((r) => r._id)).toEqual([doc._id]);
    expect(await b.ledger.claim(lease('worker-b', 500))).toEqual([]);
    const taken = await b.ledger.claim(lease('worker-b', 1500));
    expect(taken.map((r) => [r._id, r.leaseOwner, r.status])).toEqual([[doc._id, 'worker-b', 'IN_PROGRESS']]);
  });

  it('a renewed lease is not claimable until the renewal runs out; only the holder can renew, and only what it holds', async () => {
    const { a, b } = instances();
    const [held, other] = [erasureDoc({ createdAt: new Date(at(-2000)) }), erasureDoc({ createdAt: new Date(at(-1000)) })];
    await a.ledger.insertManyOrExisting([held, other]);
    expect((await a.ledger.claim(lease('worker-a', 0, 1000))).map((r) => r._id)).toEqual([held._id]);
    expect(await b.ledger.renewMany([held._id], 'worker-b', at(60_000))).toEqual([]);
    expect(await a.ledger.renewMany([held._id, other._id], 'worker-a', at(5000))).toEqual([held._id]);
    // Past the first lease, before the renewal's end: the other request only.
    expect((await b.ledger.claim(lease('worker-b', 1500, 30_000, 5))).map((r) => r._id)).toEqual([other._id]);
    const taken = await b.ledger.claim(lease('worker-b', 5500, 30_000, 5));
    expect(taken.map((r) => [r._id, r.leaseOwner])).toEqual([[held._id, 'worker-b']]);
    expect(await a.ledger.renewMany([held._id], 'worker-a', at(60_000))).toEqual([]);
  });

  it("a stale holder's writes change nothing once another instance holds the lease", async () => {
    const { a, b } = instances();
    const doc = erasureDoc({ createdAt: new Date(at(-1000)) });
    await a.ledger.insertOrExisting(doc);
    await a.ledger.claim(lease('worker-a', 0, 1000));
    await b.ledger.claim(lease('worker-b', 2000));
    const task = doc.tasks[0] as DsrRequestDoc['tasks'][number];
    expect(await a.ledger.updateOwned(doc._id, 'worker-a', { status: 'COMPLETED', lastError: 'stale' })).toBe(false);
    await a.ledger.updateTask(doc._id, 'worker-a', 0, { ...task, status: 'DONE', attempts: 9 });
    expect(await a.ledger.renewMany([doc._id], 'worker-a', at(60_000))).toEqual([]);
    expect(await a.ledger.renewToFinishErasure(doc._id, 'worker-a', at(60_000))).toBeNull();
    let now = await a.ledger.get(doc._id);
    expect([now?.status, now?.leaseOwner, now?.lastError, now?.tasks[0]?.attempts]).toEqual(['IN_PROGRESS', 'worker-b', null, 0]);
    await b.ledger.updateTask(doc._id, 'worker-b', 0, { ...task, status: 'DONE', attempts: 1 });
    expect(await b.ledger.updateOwned(doc._id, 'worker-b', { status: 'COMPLETED', leaseOwner: null, leaseUntil: null })).toBe(true);
    now = await a.ledger.get(doc._id);
    expect([now?.status, now?.leaseOwner, now?.tasks[0]?.status, now?.tasks[0]?.attempts]).toEqual(['COMPLETED', null, 'DONE', 1]);
  });

  it('a request released until later is not claimed before then', async () => {
    const { a } = instances();
    const doc = erasureDoc({ createdAt: new Date(at(-1000)) });
    await a.ledger.insertOrExisting(doc);
    await a.ledger.claim(lease('worker-a', 0));
    await a.ledger.updateOwned(doc._id, 'worker-a', { leaseOwner: null, leaseUntil: null, notBefore: at(5000) });
    expect(await a.ledger.claim(lease('worker-a', 4000))).toEqual([]);
    expect((await a.ledger.claim(lease('worker-a', 5000))).map((r) => [r._id, r.notBefore])).toEqual([[doc._id, null]]);
  });
}

function defineLedgerTests(instances: Instances): void {
  it('records one request per idempotency key, also when two instances record it at once', async () => {
    const { a, b } = instances();
    const [first, second] = [erasureDoc({ key: 'key:conformance-0001' }), erasureDoc({ key: 'key:conformance-0001' })];
    const [r1, r2] = await Promise.all([a.ledger.insertOrExisting(first), b.ledger.insertOrExisting(second)]);
    expect(r1._id).toBe(r2._id);
    const { rows } = await a.sql.query<{ requests: number; tasks: number }>(
      "SELECT (SELECT count(*) FROM dsr_requests WHERE idempotency_key = 'key:conformance-0001')::int AS requests, (SELECT count(*) FROM dsr_tasks)::int AS tasks",
    );
    expect(rows[0]).toEqual({ requests: 1, tasks: 3 });
  });

  it('hands a callback notice to one instance only', async () => {
    const { a, b } = instances();
    const doc = erasureDoc({ callbackUrl: 'https://hooks.example/dsr' });
    await a.ledger.insertOrExisting({ ...doc, status: 'COMPLETED', callback: { ...(doc.callback as NonNullable<DsrRequestDoc['callback']>), nextAt: at(0) } });
    const claimed = await Promise.all([a.ledger.claimCallback(at(1000), at(61_000)), b.ledger.claimCallback(at(1000), at(61_000))]);
    expect(claimed.filter(Boolean).map((r) => r?._id)).toEqual([doc._id]);
    expect(await a.ledger.claimCallback(at(2000), at(62_000))).toBeNull();
  });

  it('one erasure holds a subject, whichever instance claims it first', async () => {
    const { a, b } = instances();
    await a.registry.ensure('sub_conformance', [{ type: 'EMAIL', value: 'someone@state.example' }]);
    const [x, y] = await Promise.all([a.registry.claimErasures([{ subjectId: 'sub_conformance', requestId: 'dsr_x' }]), b.registry.claimErasures([{ subjectId: 'sub_conformance', requestId: 'dsr_y' }])]);
    expect(x.get('sub_conformance')).toBe(y.get('sub_conformance'));
    expect(['dsr_x', 'dsr_y']).toContain(x.get('sub_conformance'));
  });

  it('keeps the history of consent, and nothing of it once the subject is erased', async () => {
    const { a, b } = instances();
    const identities = [{ type: 'EMAIL' as const, value: 'consenting@state.example' }];
    await a.registry.ensure('sub_consent', identities);
    await a.registry.recordConsent({ subjectId: 'sub_consent', purpose: 'marketing', grant: true, at: at(0), policyVersion: 'v1', evidence: 'checkbox' });
    const withdrawn = await b.registry.recordConsent({ subjectId: 'sub_consent', purpose: 'marketing', grant: false, at: at(1000), policyVersion: 'v1', evidence: null });
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', grantedAt: at(0), withdrawnAt: at(1000), evidence: 'checkbox' });
    expect(withdrawn.history.map((h) => h.action)).toEqual(['ACTIVE', 'WITHDRAWN']);
    await a.registry.markErased('sub_consent', at(2000));
    const [state] = await b.registry.findByIdentities(identities);
    expect([state?.erasedAt, state?.blocked, state?.consents]).toEqual([at(2000), true, []]);
  });

  it('records legal holds once per record, and reports them due when the hold ends', async () => {
    const { a, b } = instances();
    const held = [{ source: 'payments', recordId: 'pay_1', until: at(10_000), hold: 'accounting' }];
    await a.holds.record('dsr_1', held);
    await b.holds.record('dsr_1', held);
    expect(await a.holds.due(at(9_999), 10)).toEqual([]);
    expect(await b.holds.due(at(10_000), 10)).toEqual([{ source: 'payments', recordId: 'pay_1' }]);
    await a.holds.markPurged('payments', ['pay_1'], at(10_000));
    expect(await b.holds.due(at(20_000), 10)).toEqual([]);
  });
}
