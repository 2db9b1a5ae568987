import { createHmac, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEventDoc } from '../src/audit/AuditEvent';
import { canonicalJson, hashEvent } from '../src/audit/AuditEvent';
import type { SqlQueryable } from '../src/sql/SqlClient';
import { createPgSqlClient } from '../src/sql/PgSqlClient';
import type { GatewayState } from '../src/state/GatewayState';
import type { AuditTamperKind } from '../src/state/verifyAuditChain';
import { migrateState } from '../src/state/migrateState';
import { STATE_MIGRATIONS } from '../src/state/migrations';
import { openGatewayState } from '../src/state/openGatewayState';
import { createPgliteSqlClient } from '../src/sql/PgliteSqlClient';
import { createGatewayState } from '../src/state/createGatewayState';
import { createPseudonymizer } from '../src/subjects/Pseudonymizer';
import { auditBody } from './kit/stateDocs';
import { OFFICER, startTestGateway } from './kit/startTestGateway';

/**
 * Tampering with a stopped gateway's audit chain, in its tables, as an intruder with the database
 * but without GATEWAY_AUDIT_KEY would: each cut or rewrite is detected, and named by its kind.
 */
const pseudonymizer = createPseudonymizer('tamper-suite-pseudonym-key');
const EVENTS = 10;

/** Re-links events from `from` to the end with `link` (plain SHA-256, or another key), after editing `from`, and moves the head. */
async function rewriteFrom(sql: SqlQueryable, from: number, link: (event: Omit<AuditEventDoc, 'hash'>) => string, read: (sql: SqlQueryable) => Promise<AuditEventDoc[]>): Promise<void> {
  const events = await read(sql);
  let prev = events.find((e) => e.seq === from - 1)?.hash ?? null;
  for (const event of events.filter((e) => e.seq >= from)) {
    const { hash: _old, ...unhashed } = { ...event, prevHash: prev, ...(event.seq === from ? { purpose: 'marketing' } : {}) };
    const hash = link(unhashed);
    await sql.query('UPDATE audit_events SET purpose = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [event.seq, unhashed.purpose, prev, hash]);
    prev = hash;
  }
  await sql.query('UPDATE audit_head SET hash = $1 WHERE id = 1', [prev]);
}

interface Case {
  readonly name: string;
  /** Run on embedded PGlite too (each case there boots a copy of the state: seconds), not only on the server. */
  readonly embedded?: true;
  readonly tamper: (sql: SqlQueryable, read: (sql: SqlQueryable) => Promise<AuditEventDoc[]>) => Promise<void>;
  readonly kind: AuditTamperKind;
  readonly firstBrokenSeq: number;
}

const CASES: readonly Case[] = [
  { name: 'the last 3 events deleted', embedded: true, kind: 'TRUNCATED', firstBrokenSeq: EVENTS - 2, tamper: async (sql) => void (await sql.query('DELETE FROM audit_events WHERE seq > $1', [EVENTS - 3])) },
  {
    name: 'the last 3 events deleted and the head moved back onto the new last event',
    kind: 'TRUNCATED',
    firstBrokenSeq: EVENTS - 2,
    tamper: async (sql) => {
      await sql.query('DELETE FROM audit_events WHERE seq > $1', [EVENTS - 3]);
      await sql.query('UPDATE audit_head SET seq = $1, hash = (SELECT hash FROM audit_events WHERE seq = $1) WHERE id = 1', [EVENTS - 3]);
    },
  },
  {
    name: 'the last 3 events, the head and every checkpoint past it moved back',
    embedded: true,
    kind: 'TRUNCATED',
    firstBrokenSeq: EVENTS - 2,
    tamper: async (sql) => {
      await sql.query('DELETE FROM audit_events WHERE seq > $1', [EVENTS - 3]);
      await sql.query('DELETE FROM audit_checkpoints WHERE seq > $1', [EVENTS - 3]);
      await sql.query('UPDATE audit_head SET seq = $1, hash = (SELECT hash FROM audit_events WHERE seq = $1) WHERE id = 1', [EVENTS - 3]);
    },
  },
  { name: 'one event deleted in the middle', embedded: true, kind: 'DELETED', firstBrokenSeq: 5, tamper: async (sql) => void (await sql.query('DELETE FROM audit_events WHERE seq = 5')) },
  { name: 'one event edited', embedded: true, kind: 'EDITED', firstBrokenSeq: 4, tamper: async (sql) => void (await sql.query("UPDATE audit_events SET purpose = 'marketing' WHERE seq = 4")) },
  { name: 'the chain recomputed with plain SHA-256 from an edited event on', embedded: true, kind: 'RECOMPUTED', firstBrokenSeq: 4, tamper: (sql, read) => rewriteFrom(sql, 4, (e) => hashEvent(e, null), read) },
  {
    name: 'the chain recomputed with a guessed key from an edited event on',
    kind: 'RECOMPUTED',
    firstBrokenSeq: 4,
    tamper: (sql, read) => rewriteFrom(sql, 4, (e) => createHmac('sha256', 'guessed').update(canonicalJson({ ...e, _id: undefined, id: e._id })).digest('hex'), read),
  },
];

const readEvents = (open: () => Promise<GatewayState>) => async (): Promise<AuditEventDoc[]> => {
  const state = await open();
  try {
    return (await state.audit.list({ first: 1000 })).events.reverse();
  } finally {
    await state.close();
  }
};

describe('tampering with a stopped gateway\'s audit chain (PGlite, embedded)', () => {
  let dataDir: string;
  let key: string;
  const copies: string[] = [];
  beforeAll(async () => {
    // No worker and no retention clock: its start-up run would be an event of the chain too.
    const gw = await startTestGateway({ overrides: { startWorker: false } });
    dataDir = gw.dataDir;
    key = gw.gateway.services.config.audit.key;
    for (let i = 0; i < EVENTS; i++) await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ id } }', { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
    await gw.stop();
  });
  afterAll(() => {
    for (const dir of [dataDir, ...copies]) rmSync(dir, { recursive: true, force: true });
  });
  const openCopy = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-tamper-'));
    copies.push(dir);
    cpSync(path.join(dataDir, 'state'), dir, { recursive: true });
    return () => openGatewayState({ url: null, embeddedDir: dir, pseudonymizer, audit: { key } });
  };

  it('verifies untouched, with the head checkpointed at shutdown', async () => {
    const state = await openCopy()();
    try {
      expect(await state.audit.verify()).toEqual({ ok: true, checked: EVENTS, firstBrokenSeq: null, firstBrokenId: null, reason: null, kind: null });
      const { rows } = await state.sql.query<{ seq: string }>('SELECT seq FROM audit_checkpoints ORDER BY seq DESC LIMIT 1');
      expect(Number(rows[0]?.seq)).toBe(EVENTS);
    } finally {
      await state.close();
    }
  });

  it.each(CASES.filter((c) => c.embedded).map((c) => [c.name, c] as const))('%s: detected', async (_name, c) => {
    const open = openCopy();
    const state = await open();
    try {
      await c.tamper(state.sql, async () => (await state.audit.list({ first: 1000 })).events.reverse());
      expect(await state.audit.verify()).toMatchObject({ ok: false, kind: c.kind, firstBrokenSeq: c.firstBrokenSeq });
    } finally {
      await state.close();
    }
  });

  it('a state written before the chain was keyed keeps verifying, and its recomputation is detected', async () => {
    const sql = createPgliteSqlClient({ dataDir: null });
    await migrateState(sql, STATE_MIGRATIONS.slice(0, 1));
    let prev: string | null = null;
    for (let seq = 1; seq <= 4; seq++) {
      const unhashed = { ...auditBody(seq), at: new Date(Date.UTC(2026, 0, seq)).toISOString(), _id: `aud_${String(seq).padStart(12, '0')}`, seq, prevHash: prev };
      const hash = hashEvent(unhashed, null);
      await sql.query(
        'INSERT INTO audit_events (seq, id, at, request_id, client, roles, purpose, operation, subject_ids, categories, denied, policy_version, outcome, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)',
        [seq, unhashed._id, unhashed.at, unhashed.requestId, unhashed.client, unhashed.roles, unhashed.purpose, unhashed.operation, unhashed.subjectIds, unhashed.categories, unhashed.denied, unhashed.policyVersion, unhashed.outcome, prev, hash],
      );
      prev = hash;
    }
    await sql.query('UPDATE audit_head SET seq = 4, hash = $1 WHERE id = 1', [prev]);

    // The gateway of this version starts on it: migration 2 is applied, the unsigned head checkpointed.
    const state = await createGatewayState({ sql, pseudonymizer, audit: { key } });
    try {
      expect(await state.audit.checkpoint()).toMatchObject({ seq: 4, hash: prev });
      await state.audit.append(auditBody(5));
      expect(await state.audit.verify()).toMatchObject({ ok: true, checked: 5, kind: null });
      await rewriteFrom(state.sql, 2, (e) => hashEvent(e, e.seq >= 5 ? 'guessed' : null), async () => (await state.audit.list({ first: 10 })).events.reverse());
      expect(await state.audit.verify()).toMatchObject({ ok: false, kind: 'RECOMPUTED' });
    } finally {
      await state.close();
    }
  });
});

const serverUrl = process.env.GATEWAY_TEST_STATE_URL || process.env.SUPPORT_TEST_DATABASE_URL;
(serverUrl ? describe : describe.skip)('tampering with a stopped gateway\'s audit chain (PostgreSQL server)', () => {
  const key = 'tamper-suite-audit-key-of-at-least-32-chars';
  const admin = serverUrl ? createPgSqlClient({ connectionString: serverUrl, max: 1 }) : null;
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.close();
  });
  /** A state in a schema of its own, written by one instance and stopped (its checkpoint taken at shutdown). */
  async function stoppedState(): Promise<() => Promise<GatewayState>> {
    const schema = `tamper_${process.pid}_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    await admin?.query(`CREATE SCHEMA ${schema}`);
    const open = () => openGatewayState({ url: serverUrl as string, embeddedDir: '/nonexistent', pseudonymizer, audit: { key }, searchPath: schema });
    const state = await open();
    await state.audit.checkpoint();
    for (let i = 0; i < EVENTS; i++) await state.audit.append(auditBody(i));
    await state.audit.flush();
    await state.close();
    return open;
  }

  it.each(CASES.map((c) => [c.name, c] as const))('%s: detected', async (_name, c) => {
    const open = await stoppedState();
    const state = await open();
    try {
      expect(await state.audit.verify()).toMatchObject({ ok: true, checked: EVENTS });
      await c.tamper(state.sql, readEvents(open));
      expect(await state.audit.verify()).toMatchObject({ ok: false, kind: c.kind, firstBrokenSeq: c.firstBrokenSeq });
    } finally {
      await state.close();
    }
  });
});
