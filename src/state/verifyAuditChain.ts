import type { AuditEventDoc } from '../audit/AuditEvent';
import { auditId, hashEvent, signHead } from '../audit/AuditEvent';
import type { SqlQueryable } from '../sql/SqlClient';

/**
 * How the chain was broken: events cut from its end (the head moved back with them or not), one
 * missing in the middle, an event changed in place, or links recomputed by someone without the
 * audit key (plain SHA-256, or any other key).
 */
export type AuditTamperKind = 'TRUNCATED' | 'DELETED' | 'EDITED' | 'RECOMPUTED';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  firstBrokenId: string | null;
  reason: string | null;
  kind: AuditTamperKind | null;
}

/** The head at one moment, signed with the audit key: kept in `audit_checkpoints` and the process log. */
export interface AuditCheckpoint {
  readonly seq: number;
  readonly hash: string | null;
  readonly at: string;
  readonly signature: string;
}

interface Options {
  readonly key: string;
  readonly pageSize: number;
  readonly columns: string;
  readonly toDoc: (row: never) => AuditEventDoc;
}

const broken = (kind: AuditTamperKind, checked: number, seq: number, reason: string): AuditVerification => ({ ok: false, checked, firstBrokenSeq: seq, firstBrokenId: auditId(seq), reason, kind });

/**
 * Walks the chain in order, a page at a time (never the whole log in memory), up to the head as
 * it was when the walk began. Each link is checked with the audit key (events before the chain
 * was keyed, with SHA-256); each signed checkpoint must name an event the chain still has, with
 * the hash it had; the head must carry the key's signature. The first break is named, with its kind.
 */
export async function verifyAuditChain(sql: SqlQueryable, options: Options): Promise<AuditVerification> {
  const head = (await sql.query<{ seq: string; hash: string | null; keyed_from: string; signature: string | null }>('SELECT seq, hash, keyed_from, signature FROM audit_head WHERE id = 1')).rows[0];
  if (!head) throw new TypeError('expected the audit chain head row (migration 1), got none');
  const last = Number(head.seq);
  const keyedFrom = Number(head.keyed_from);
  // Checkpoints are read with the page of events they anchor: never all of them at once.
  const anchorsIn = async (from: number, to: number): Promise<Map<number, string | null> | AuditVerification> => {
    const { rows } = await sql.query<{ seq: string; hash: string | null; signature: string }>('SELECT seq, hash, signature FROM audit_checkpoints WHERE seq >= $1 AND seq <= $2 ORDER BY seq', [from, to]);
    const anchors = new Map<number, string | null>();
    for (const cp of rows) {
      const seq = Number(cp.seq);
      if (cp.signature !== signHead(options.key, { seq, hash: cp.hash })) return broken('EDITED', 0, Math.max(seq, 1), `expected checkpoint ${seq} to carry the audit key's signature, got another: the checkpoint was altered`);
      anchors.set(seq, cp.hash);
    }
    return anchors;
  };
  const beyondHead = await anchorsIn(last + 1, Number.MAX_SAFE_INTEGER);
  if (!(beyondHead instanceof Map)) return beyondHead;
  const anyCheckpoint = (await sql.query('SELECT 1 FROM audit_checkpoints LIMIT 1')).rows.length > 0;
  const keyOf = (seq: number): string | null => (seq >= keyedFrom ? options.key : null);
  let prevHash: string | null = null;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const { rows } = await sql.query<never>(`SELECT ${options.columns} FROM audit_events WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT ${options.pageSize + 1}`, [expectedSeq, last]);
    const events = rows.map(options.toDoc);
    const anchors = await anchorsIn(expectedSeq, events.at(-1)?.seq ?? expectedSeq);
    if (!(anchors instanceof Map)) return anchors;
    for (const [i, event] of events.slice(0, options.pageSize).entries()) {
      if (event.seq !== expectedSeq) return broken('DELETED', checked, expectedSeq, `expected event ${expectedSeq}, got ${event.seq} next: events were deleted from the middle of the chain`);
      const { hash, ...unhashed } = event;
      if (hashEvent(unhashed, keyOf(event.seq)) !== hash) {
        const next = events[i + 1];
        const nextAlsoRehashed = next !== undefined && next.prevHash === hash && hashEvent((({ hash: _h, ...rest }) => rest)(next), keyOf(next.seq)) !== next.hash;
        const recomputed = hash === hashEvent(unhashed, null) || nextAlsoRehashed;
        return recomputed
          ? broken('RECOMPUTED', checked, event.seq, 'expected a link made with the audit key, got one recomputed without it: the chain was rewritten from here')
          : broken('EDITED', checked, event.seq, "expected the stored hash to match the event's content, got another: the event was altered");
      }
      if (event.prevHash !== prevHash) return broken('DELETED', checked, event.seq, 'expected the event to link to the one before it, got another link: an event before it was removed');
      if (anchors.has(event.seq) && anchors.get(event.seq) !== hash) {
        return event.seq < keyedFrom
          ? broken('RECOMPUTED', checked, event.seq, `expected event ${event.seq} to have the hash its checkpoint signed, got another: the chain before it was recomputed`)
          : broken('TRUNCATED', checked, event.seq, `expected event ${event.seq} to have the hash its checkpoint signed, got another: the chain was cut below it and written anew`);
      }
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    if (events.length <= options.pageSize) break;
  }
  if (checked !== last || prevHash !== head.hash) {
    return broken('TRUNCATED', checked, checked + 1, `expected the chain to end at its head (seq ${last}), got ${checked} event(s) ending elsewhere: events at the end were removed`);
  }
  const beyond = Math.max(0, ...beyondHead.keys());
  // A checkpoint past the head read at the start may be one of appends made during the walk.
  const grown = beyond > last && Number((await sql.query<{ seq: string }>('SELECT seq FROM audit_head WHERE id = 1')).rows[0]?.seq ?? 0) >= beyond;
  if (beyond > last && !grown) return broken('TRUNCATED', checked, last + 1, `expected the chain to reach its checkpoint at seq ${beyond}, got a head at ${last}: events at the end were removed and the head moved back`);
  const unsignedFromBefore = head.signature === null && !anyCheckpoint && last === keyedFrom - 1;
  if (!unsignedFromBefore && head.signature !== signHead(options.key, { seq: last, hash: head.hash })) {
    return broken('TRUNCATED', checked, last + 1, "expected the head to carry the audit key's signature, got another: the head was moved by hand (events at the end removed)");
  }
  return { ok: true, checked, firstBrokenSeq: null, firstBrokenId: null, reason: null, kind: null };
}
