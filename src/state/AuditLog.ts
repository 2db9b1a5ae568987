import type { AuditEventBody, AuditEventDoc } from '../audit/AuditEvent';
import { auditId, hashEvent } from '../audit/AuditEvent';
import type { SqlClient } from '../sql/SqlClient';
import { iso } from './iso';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  firstBrokenId: string | null;
  reason: string | null;
}

interface Pending {
  body: AuditEventBody;
  resolve: (doc: AuditEventDoc) => void;
  reject: (error: unknown) => void;
}

interface EventRow {
  seq: string;
  id: string;
  at: Date;
  request_id: string;
  client: string;
  roles: string[];
  purpose: string;
  operation: string | null;
  subject_ids: string[];
  categories: string[];
  denied: string[];
  policy_version: string;
  outcome: string;
  prev_hash: string | null;
  hash: string;
}

const EVENT_COLUMNS = 'seq, id, at, request_id, client, roles, purpose, operation, subject_ids, categories, denied, policy_version, outcome, prev_hash, hash';
const BATCH = 500;
const PAGE = 1000;

const toDoc = (row: EventRow): AuditEventDoc => ({
  _id: row.id,
  seq: Number(row.seq),
  at: iso(row.at) as string,
  requestId: row.request_id,
  client: row.client,
  roles: row.roles,
  purpose: row.purpose,
  operation: row.operation,
  subjectIds: row.subject_ids,
  categories: row.categories,
  denied: row.denied,
  policyVersion: row.policy_version,
  outcome: row.outcome,
  prevHash: row.prev_hash,
  hash: row.hash,
});

const INSERT_EVENTS = `INSERT INTO audit_events (${EVENT_COLUMNS})
  SELECT x."seq", x."_id", x."at", x."requestId", x."client", x."roles", x."purpose", x."operation", x."subjectIds", x."categories", x."denied", x."policyVersion", x."outcome", x."prevHash", x."hash"
  FROM jsonb_to_recordset($1::jsonb) AS x("seq" bigint, "_id" text, "at" timestamptz, "requestId" text, "client" text, "roles" text[], "purpose" text, "operation" text,
    "subjectIds" text[], "categories" text[], "denied" text[], "policyVersion" text, "outcome" text, "prevHash" text, "hash" text)`;

type Head = { seq: number; hash: string | null };

/** The batch chained after `head`. */
function chain(bodies: readonly AuditEventBody[], head: Head): { docs: AuditEventDoc[]; last: Head } {
  const docs: AuditEventDoc[] = [];
  let prev = head;
  for (const body of bodies) {
    const seq = prev.seq + 1;
    // The time as the table gives it back, so the hash verifies after the round trip.
    const unhashed = { ...body, at: iso(body.at) as string, _id: auditId(seq), seq, prevHash: prev.hash };
    const doc = { ...unhashed, hash: hashEvent(unhashed) };
    docs.push(doc);
    prev = { seq, hash: doc.hash };
  }
  return { docs, last: prev };
}

/**
 * The append-only, hash-chained access log; owner of tables `audit_events` and `audit_head`.
 * Appends are group-committed: events that arrive while a write is in flight are chained and
 * written together next. Every write locks the chain's head row (FOR UPDATE), inserts the batch
 * and moves the head in one transaction, so two gateways over one server queue on the head
 * instead of forking the chain, and no caller hears "stored" before its event is committed.
 */
export class AuditLog {
  private pending: Pending[] = [];
  private writing: Promise<void> | null = null;
  /** The head as this instance last wrote or saw it: one value, a guess another instance may have moved. */
  private head: Head | null = null;

  constructor(private readonly sql: SqlClient) {}

  /** Resolves once the event is durably stored; rejects if it could not be (the caller then returns no data). */
  append(body: AuditEventBody): Promise<AuditEventDoc> {
    return new Promise((resolve, reject) => {
      this.pending.push({ body, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, BATCH);
      try {
        const docs = await this.writeBatch(batch.map((p) => p.body));
        batch.forEach((p, i) => p.resolve(docs[i] as AuditEventDoc));
      } catch (error) {
        this.head = null;
        batch.forEach((p) => p.reject(error));
      }
    }
    // Synchronously after the last check of `pending`: an append from here on starts a new drain.
    // (Clearing it in a `finally` left a gap in which an append found a drain that had ended.)
    this.writing = null;
  }

  /**
   * One statement when the head is where this instance left it: the head row is locked, the batch
   * inserted and the head moved only if it still is. Otherwise (another instance appended) the
   * statement hands back the head it locked, and the batch is chained after that; a second miss
   * takes the slow path, a transaction that locks the head first and then chains.
   */
  private async writeBatch(bodies: readonly AuditEventBody[]): Promise<AuditEventDoc[]> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.head) break;
      const { docs, last } = chain(bodies, this.head);
      const { rows } = await this.sql.query<{ seq: string; hash: string | null; appended: boolean }>(
        `WITH head AS (SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE),
          moved AS (UPDATE audit_head h SET seq = $3, hash = $4 FROM head WHERE h.id = 1 AND head.seq = $2 RETURNING h.id),
          inserted AS (${INSERT_EVENTS} WHERE EXISTS (SELECT 1 FROM moved))
         SELECT head.seq, head.hash, EXISTS (SELECT 1 FROM moved) AS appended FROM head`,
        [JSON.stringify(docs), this.head.seq, last.seq, last.hash],
      );
      const row = rows[0];
      if (!row) throw new TypeError('expected the audit chain head row (migration 1), got none');
      this.head = row.appended ? last : { seq: Number(row.seq), hash: row.hash };
      if (row.appended) return docs;
    }
    const written = await this.sql.transaction(async (tx) => {
      const head = (await tx.query<{ seq: string; hash: string | null }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE')).rows[0];
      if (!head) throw new TypeError('expected the audit chain head row (migration 1), got none');
      const chained = chain(bodies, { seq: Number(head.seq), hash: head.hash });
      await tx.query(INSERT_EVENTS, [JSON.stringify(chained.docs)]);
      await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [chained.last.seq, chained.last.hash]);
      return chained;
    });
    this.head = written.last;
    return written.docs;
  }

  /** Newest first; `after` is the cursor of the last event of the previous page. */
  async list(options: { subjectIds?: readonly string[]; first: number; after?: string | null }): Promise<{ events: AuditEventDoc[]; hasNextPage: boolean }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.subjectIds) where.push(`subject_ids && $${params.push([...options.subjectIds])}::text[]`);
    if (options.after) where.push(`seq < $${params.push(decodeCursor(options.after))}`);
    const limit = `$${params.push(options.first + 1)}`;
    const { rows } = await this.sql.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${limit}`, params);
    return { events: rows.slice(0, options.first).map(toDoc), hasNextPage: rows.length > options.first };
  }

  /** How many events the chain holds. */
  async count(): Promise<number> {
    const { rows } = await this.sql.query<{ seq: string }>('SELECT seq FROM audit_head WHERE id = 1');
    return Number(rows[0]?.seq ?? 0);
  }

  /**
   * Walks the chain in order, a page at a time (never the whole log in memory), up to the head
   * as it was when the walk began; names the first event whose hash or link does not hold, or
   * the head when events at the end are missing.
   */
  async verify(): Promise<AuditVerification> {
    const head = (await this.sql.query<{ seq: string; hash: string | null }>('SELECT seq, hash FROM audit_head WHERE id = 1')).rows[0];
    const last = Number(head?.seq ?? 0);
    let prevHash: string | null = null;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const { rows } = await this.sql.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM audit_events WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT ${PAGE}`, [expectedSeq, last]);
      for (const event of rows.map(toDoc)) {
        const { hash, ...unhashed } = event;
        const broken =
          event.seq !== expectedSeq ? `expected seq ${expectedSeq}, got ${event.seq} (an event is missing)`
          : event.prevHash !== prevHash ? 'expected prevHash to be the previous event\'s hash'
          : hashEvent(unhashed) !== hash ? 'expected the stored hash to match the event\'s content (the event was altered)'
          : null;
        if (broken) return { ok: false, checked, firstBrokenSeq: event.seq, firstBrokenId: event._id, reason: broken };
        prevHash = hash;
        expectedSeq++;
        checked++;
      }
      if (rows.length < PAGE) break;
    }
    if (checked !== last || prevHash !== (head?.hash ?? null)) {
      // Events at the end were removed, or the last one replaced: the head still says what was written.
      const seq = checked < last ? checked + 1 : last;
      return { ok: false, checked, firstBrokenSeq: seq, firstBrokenId: auditId(seq), reason: `expected the chain to end at its head (seq ${last}), got ${checked} event(s) ending elsewhere (events at the end were removed or replaced)` };
    }
    return { ok: true, checked, firstBrokenSeq: null, firstBrokenId: null, reason: null };
  }
}

export const encodeCursor = (seq: number): string => Buffer.from(`seq:${seq}`).toString('base64url');
export function decodeCursor(cursor: string): number {
  const m = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new TypeError('expected a cursor from a previous page');
  return Number(m[1]);
}
