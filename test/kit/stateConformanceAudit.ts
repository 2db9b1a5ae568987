import type { AuditEventDoc } from '../../src/audit/AuditEvent';
import type { AuditLog } from '../../src/state/AuditLog';
import { encodeCursor } from '../../src/state/AuditLog';
import type { Instances } from './stateConformance';
import { auditBody } from './stateDocs';

/** Every event, newest first, read page by page through the log's cursor. */
async function readAll(audit: AuditLog, first: number): Promise<AuditEventDoc[]> {
  const all: AuditEventDoc[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await audit.list({ first, after });
    all.push(...page.events);
    if (!page.hasNextPage) return all;
    after = encodeCursor((page.events.at(-1) as AuditEventDoc).seq);
  }
}

/** The audit chain's part of the state suite (see stateConformance). */
export function defineStateAuditTests(instances: Instances): void {
  it('makes one unbroken chain of the events two instances append at once', async () => {
    const { a, b } = instances();
    const appended = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).audit.append(auditBody(i, i % 2 === 0 ? 'instance-a' : 'instance-b'))));
    expect(new Set(appended.map((e) => e.seq)).size).toBe(60);
    expect(await b.audit.verify()).toEqual({ ok: true, checked: 60, firstBrokenSeq: null, firstBrokenId: null, reason: null, kind: null });
    const stored = await readAll(a.audit, 25);
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => 60 - i));
    // Each caller heard back the event as stored, link and all.
    const bySeq = new Map(stored.map((e) => [e.seq, e]));
    for (const event of appended) expect(bySeq.get(event.seq)).toEqual(event);
    expect(await a.audit.count()).toBe(60);
  });

  it('chains after the other instance when it appended last (a stale view of the head never forks the chain)', async () => {
    const { a, b } = instances();
    for (let i = 0; i < 6; i++) await (i % 2 === 0 ? a : b).audit.append(auditBody(i));
    expect(await a.audit.verify()).toMatchObject({ ok: true, checked: 6 });
    expect((await readAll(b.audit, 10)).map((e) => e.client === 'state-suite' && e.operation)).toEqual(['Op5', 'Op4', 'Op3', 'Op2', 'Op1', 'Op0']);
  });

  it('verifies a chain longer than a page, and lists a subject\'s events by pages of seq', async () => {
    const { a } = instances();
    for (let start = 0; start < 1300; start += 260) await Promise.all(Array.from({ length: 260 }, (_, i) => a.audit.append(auditBody(start + i))));
    expect(await a.audit.verify()).toMatchObject({ ok: true, checked: 1300 });
    const ofOne: AuditEventDoc[] = [];
    let after: string | null = null;
    do {
      const page = await a.audit.list({ subjectIds: ['sub_3'], first: 40, after });
      ofOne.push(...page.events);
      after = page.hasNextPage ? encodeCursor((page.events.at(-1) as AuditEventDoc).seq) : null;
    } while (after);
    expect(ofOne.length).toBe(Array.from({ length: 1300 }, (_, n) => n % 7).filter((s) => s === 3).length);
    expect(ofOne.every((e) => e.subjectIds.includes('sub_3'))).toBe(true);
    expect(ofOne.map((e) => e.seq)).toEqual([...ofOne.map((e) => e.seq)].sort((x, y) => y - x));
  });

  it('names the first altered event, and notices events missing at the end of the chain', async () => {
    const { a, b } = instances();
    for (let i = 0; i < 5; i++) await a.audit.append(auditBody(i));
    await a.sql.query("UPDATE audit_events SET outcome = 'error' WHERE seq = 3");
    expect(await b.audit.verify()).toMatchObject({ ok: false, checked: 2, firstBrokenSeq: 3, kind: 'EDITED' });
    await a.sql.query("UPDATE audit_events SET outcome = 'ok' WHERE seq = 3");
    await a.sql.query('DELETE FROM audit_events WHERE seq = 5');
    expect(await b.audit.verify()).toMatchObject({ ok: false, checked: 4, firstBrokenSeq: 5, kind: 'TRUNCATED' });
  });
}
