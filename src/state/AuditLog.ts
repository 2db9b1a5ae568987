import type { AuditEventBody, AuditEventDoc, ClockAct } from '../audit/AuditEvent';
import { auditId, hashEvent, signHead } from '../audit/AuditEvent';
import type { SqlClient, SqlQueryable } from '../sql/SqlClient';
import type { DisclosureDoc } from './Disclosures';
import type { AuditCheckpoint, AuditVerification } from './verifyAuditChain';
import { verifyAuditChain } from './verifyAuditChain';
import { iso } from './iso';

export type { AuditCheckpoint, AuditVerification } from './verifyAuditChain';

export interface AuditLogOptions {
  /** GATEWAY_AUDIT_KEY: keys the chain's links and signs its head and checkpoints. */
  readonly key: string;
  /** Each checkpoint, to be written where the state's database cannot rewrite it (the process log). */
  readonly onCheckpoint?: (checkpoint: AuditCheckpoint) => void;
}

/** A checkpoint is taken after this many events, or this long after the last one, whichever comes first. */
export const CHECKPOINT_EVERY_EVENTS = 1000;
export const CHECKPOINT_EVERY_MS = 60_000;

interface Pending {
  body: AuditEventBody;
  disclosures: readonly DisclosureDoc[];
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
  code: string | null;
  client_verified: boolean;
  act: ClockAct | null;
}

const EVENT_COLUMNS = 'seq, id, at, request_id, client, roles, purpose, operation, subject_ids, categories, denied, policy_version, outcome, prev_hash, hash, code, client_verified, act';
const BATCH = 500;
const PAGE = 1000;

export const toDoc = (row: EventRow): AuditEventDoc => ({
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
  // Absent rather than null when unset: an event without them hashes as it did before migration 2.
  ...(row.code === null ? {} : { code: row.code }),
  ...(row.client_verified ? {} : { clientVerified: false as const }),
  ...(row.act === null ? {} : { act: row.act }),
});

/** Migration 7's function: the group, its disclosures and the head in one call (see there). */
const APPEND = 'SELECT head_seq, head_hash, appended FROM audit_append($1::jsonb, $2::jsonb, $3, $4, $5, $6)';

type Head = { seq: number; hash: string | null };

/** The batch chained after `head`, each link keyed. */
function chain(bodies: readonly AuditEventBody[], head: Head, key: string): { docs: AuditEventDoc[]; last: Head } {
  const docs: AuditEventDoc[] = [];
  let prev = head;
  for (const body of bodies) {
    const seq = prev.seq + 1;
    // The time as the table gives it back, so the hash verifies after the round trip.
    const unhashed = { ...body, at: iso(body.at) as string, _id: auditId(seq), seq, prevHash: prev.hash };
    const doc = { ...unhashed, hash: hashEvent(unhashed, key) };
    docs.push(doc);
    prev = { seq, hash: doc.hash };
  }
  return { docs, last: prev };
}

/**
 * The append-only, keyed hash chain of accesses; owner of tables `audit_events`, `audit_head`
 * and `audit_checkpoints`. The head is signed with the audit key on every write, and copied now
 * and then, signed, into `audit_checkpoints` and the process log: anchors outside the chain, so
 * a cut at the end is noticed even when the head is moved back with it (see verifyAuditChain).
 * Appends are group-committed: events that arrive while a write is in flight are chained and
 * written together next, with the disclosures of the reads they record. Every write is one call
 * of `audit_append` (migration 7), which locks the chain's head row (FOR UPDATE), inserts the
 * group and its disclosures and moves the head in one transaction, so two gateways over one
 * server queue on the head instead of forking the chain, and no caller hears "stored" before its
 * event, and what its read disclosed, are committed.
 */
export class AuditLog {
  private pending: Pending[] = [];
  private writing: Promise<void> | null = null;
  /** The head as this instance last wrote or saw it: one value, a guess another instance may have moved. */
  private head: Head | null = null;
  private sinceCheckpoint = 0;
  private lastCheckpointAt = Date.now();
  private checkpointing: Promise<void> | null = null;

  constructor(
    private readonly sql: SqlClient,
    private readonly options: AuditLogOptions,
  ) {}

  /**
   * Resolves once the event, and the disclosures of the read it records (`disclosures`), are
   * durably stored together; rejects if they could not be (the caller then returns no data).
   */
  append(body: AuditEventBody, options: { disclosures?: readonly DisclosureDoc[] } = {}): Promise<AuditEventDoc> {
    return new Promise((resolve, reject) => {
      this.pending.push({ body, disclosures: options.disclosures ?? [], resolve, reject });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, BATCH);
      try {
        const docs = await this.writeBatch(batch);
        batch.forEach((p, i) => p.resolve(docs[i] as AuditEventDoc));
        this.sinceCheckpoint += docs.length;
      } catch (error) {
        this.head = null;
        batch.forEach((p) => p.reject(error));
      }
    }
    // Synchronously after the last check of `pending`: an append from here on starts a new drain.
    // (Clearing it in a `finally` left a gap in which an append found a drain that had ended.)
    this.writing = null;
    // Off the appenders' path: nobody waits for a checkpoint, and a failed one is retried next time.
    if (this.sinceCheckpoint >= CHECKPOINT_EVERY_EVENTS || Date.now() - this.lastCheckpointAt >= CHECKPOINT_EVERY_MS) this.checkpointing ??= this.checkpoint().then(() => undefined, () => undefined).finally(() => (this.checkpointing = null));
  }

  /**
   * One call when the head is where this instance left it: the group is chained after it and
   * written only if it still is. Otherwise (another instance appended) the call hands back the
   * head it locked, and the group is chained after that; a second miss takes the slow path, a
   * transaction that locks the head first, so the call inside it cannot miss.
   */
  private async writeBatch(batch: readonly Pending[]): Promise<AuditEventDoc[]> {
    const bodies = batch.map((p) => p.body);
    const disclosed = JSON.stringify(batch.flatMap((p) => p.disclosures));
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.head) break;
      const { docs, last } = chain(bodies, this.head, this.options.key);
      const seen = await this.appendChained(this.sql, { docs, disclosed, from: this.head, last });
      this.head = seen.appended ? last : seen.head;
      if (seen.appended) return docs;
    }
    const written = await this.sql.transaction(async (tx) => {
      const head = (await tx.query<{ seq: string; hash: string | null }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE')).rows[0];
      if (!head) throw new TypeError('expected the audit chain head row (migration 1), got none');
      const from = { seq: Number(head.seq), hash: head.hash };
      const chained = chain(bodies, from, this.options.key);
      const seen = await this.appendChained(tx, { docs: chained.docs, disclosed, from, last: chained.last });
      if (!seen.appended) throw new TypeError(`expected the audit head locked at ${from.seq} to stay there, got ${seen.head.seq}`);
      return chained;
    });
    this.head = written.last;
    return written.docs;
  }

  private async appendChained(on: SqlQueryable, options: { docs: readonly AuditEventDoc[]; disclosed: string; from: Head; last: Head }): Promise<{ appended: boolean; head: Head }> {
    const { docs, disclosed, from, last } = options;
    const { rows } = await on.query<{ head_seq: string | null; head_hash: string | null; appended: boolean }>(APPEND, [JSON.stringify(docs), disclosed, from.seq, last.seq, last.hash, signHead(this.options.key, last)]);
    const row = rows[0];
    if (!row || row.head_seq === null) throw new TypeError('expected the audit chain head row (migration 1), got none');
    return { appended: row.appended, head: { seq: Number(row.head_seq), hash: row.head_hash } };
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

  /**
   * Per subject, its newest `first` events, newest first: what `list` gives for one subject, for
   * many in one statement (the audit extracts of a wave's destruction acts).
   */
  async latestOfEach(subjectIds: readonly string[], first: number): Promise<Map<string, AuditEventDoc[]>> {
    const out = new Map<string, AuditEventDoc[]>(subjectIds.map((id) => [id, []]));
    if (subjectIds.length === 0) return out;
    const { rows } = await this.sql.query<EventRow & { extract_of: string }>(
      `SELECT s.subject AS extract_of, e.* FROM unnest($1::text[]) AS s(subject)
       CROSS JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM audit_events WHERE subject_ids && ARRAY[s.subject] ORDER BY seq DESC LIMIT $2) e
       ORDER BY s.subject, e.seq DESC`,
      [[...new Set(subjectIds)], first],
    );
    for (const row of rows) out.get(row.extract_of)?.push(toDoc(row));
    return out;
  }

  /** How many events the chain holds. */
  async count(): Promise<number> {
    const { rows } = await this.sql.query<{ seq: string }>('SELECT seq FROM audit_head WHERE id = 1');
    return Number(rows[0]?.seq ?? 0);
  }

  /**
   * Copies the head, signed, into `audit_checkpoints` and hands it to `onCheckpoint` (the process
   * log). A head whose signature does not hold is not copied (that would launder a rewrite),
   * except the unsigned head of a chain that never had a checkpoint: one migrated from version 1.
   */
  async checkpoint(): Promise<AuditCheckpoint | null> {
    const head = (await this.sql.query<{ seq: string; hash: string | null; signature: string | null }>('SELECT seq, hash, signature FROM audit_head WHERE id = 1')).rows[0];
    if (!head) throw new TypeError('expected the audit chain head row (migration 1), got none');
    const seq = Number(head.seq);
    const signature = signHead(this.options.key, { seq, hash: head.hash });
    if (head.signature !== signature) {
      const any = await this.sql.query('SELECT 1 FROM audit_checkpoints LIMIT 1');
      if (head.signature !== null || any.rows.length > 0) return null;
      await this.sql.query('UPDATE audit_head SET signature = $2 WHERE id = 1 AND seq = $1', [seq, signature]);
    }
    const checkpoint: AuditCheckpoint = { seq, hash: head.hash, at: new Date().toISOString(), signature };
    await this.sql.query('INSERT INTO audit_checkpoints (seq, hash, at, signature) VALUES ($1, $2, $3, $4) ON CONFLICT (seq) DO NOTHING', [seq, head.hash, checkpoint.at, signature]);
    this.sinceCheckpoint = 0;
    this.lastCheckpointAt = Date.now();
    this.options.onCheckpoint?.(checkpoint);
    return checkpoint;
  }

  /** Waits for appends and a checkpoint in flight, then takes a last checkpoint (at shutdown). */
  async flush(): Promise<void> {
    await this.writing;
    await this.checkpointing;
    await this.checkpoint();
  }

  /** Walks the chain a page at a time against its signed head and checkpoints (see verifyAuditChain). */
  verify(): Promise<AuditVerification> {
    return verifyAuditChain(this.sql, { key: this.options.key, pageSize: PAGE, columns: EVENT_COLUMNS, toDoc: toDoc as (row: never) => AuditEventDoc });
  }
}

export const encodeCursor = (seq: number): string => Buffer.from(`seq:${seq}`).toString('base64url');
export function decodeCursor(cursor: string): number {
  const m = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new TypeError('expected a cursor from a previous page');
  return Number(m[1]);
}
