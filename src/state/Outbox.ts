import type { Delivery, DeliveryOutcome, DeliveryQueue } from '../dsr/DeliveryQueue';
import type { SqlQueryable } from '../sql/SqlClient';
import { iso } from './iso';

/** What a notice tells its receiver (GDPR art. 19 for the DSR events; a consent decision for the others). */
export const NOTICE_EVENTS = ['ERASED', 'RECTIFIED', 'BLOCKED', 'UNBLOCKED', 'CONSENT_GRANTED', 'CONSENT_WITHDRAWN'] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];
export const NOTICE_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'NO_CHANNEL'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** A notice as it is owed: built by src/notices, stored here, sent by deliverCallbacks. */
export interface OutboxItem {
  /** Derived from the cause and the receiver: the same notice enqueued twice is stored once. */
  readonly id: string;
  readonly event: NoticeEvent;
  /** A recipient of the policy's `thirdParties`, or a declared source. */
  readonly receiverKind: 'RECIPIENT' | 'SOURCE';
  readonly receiver: string;
  readonly subjectId: string;
  /** The DSR request, or the consent change, that owes it. */
  readonly causeId: string;
  readonly categories: readonly string[];
  /** null: the receiver declares no channel — the notice is due, and shown to the officer as NO_CHANNEL. */
  readonly url: string | null;
  readonly body: string;
  readonly createdAt: string;
}

export interface NoticeDoc extends Omit<OutboxItem, 'body' | 'url'> {
  readonly status: NoticeStatus;
  readonly attempts: number;
  readonly nextAt: string | null;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
}

interface NoticeRow { id: string; event: NoticeEvent; receiver_kind: 'RECIPIENT' | 'SOURCE'; receiver: string; subject_id: string; cause_id: string; categories: string[]; status: NoticeStatus; attempts: number; next_at: Date | null; last_error: string | null; created_at: Date; delivered_at: Date | null }

const COLUMNS = 'id, event, receiver_kind, receiver, subject_id, cause_id, categories, status, attempts, next_at, last_error, created_at, delivered_at';

const toDoc = (r: NoticeRow): NoticeDoc => ({
  id: r.id, event: r.event, receiverKind: r.receiver_kind, receiver: r.receiver, subjectId: r.subject_id, causeId: r.cause_id, categories: r.categories,
  status: r.status, attempts: r.attempts, nextAt: iso(r.next_at), lastError: r.last_error, createdAt: iso(r.created_at) as string, deliveredAt: iso(r.delivered_at),
});

/**
 * The owner of table `outbox`: notices owed to recipients and sources, durable across restarts.
 * A queue of deliverCallbacks like the request callbacks: claimed with a hold (SKIP LOCKED, so
 * several instances never send one at once), its outcome recorded after each attempt. The body
 * holds the receiver's reference to the subject only while it is owed: delivered or given up, it
 * is cleared, and the row keeps what was sent to whom and when, without a value of the person's.
 */
export class Outbox implements DeliveryQueue {
  constructor(private readonly sql: SqlQueryable) {}

  /**
   * Stores the notices; one already stored (same id) is left as it is. One statement. A notice with
   * no channel is never sent (its url is fixed when it is owed), so its body — the receiver's
   * reference to the person — is not stored at all: an erased subject's customer id must not outlive
   * her in the state.
   */
  async enqueue(items: readonly OutboxItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.sql.query(
      `INSERT INTO outbox (id, event, receiver_kind, receiver, subject_id, cause_id, categories, url, body, status, next_at, created_at)
       SELECT x.id, x.event, x."receiverKind", x.receiver, x."subjectId", x."causeId", x.categories, x.url, CASE WHEN x.url IS NULL THEN NULL ELSE x.body END,
         CASE WHEN x.url IS NULL THEN 'NO_CHANNEL' ELSE 'PENDING' END, CASE WHEN x.url IS NULL THEN NULL ELSE x."createdAt" END, x."createdAt"
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, event text, "receiverKind" text, receiver text, "subjectId" text, "causeId" text, categories text[], url text, body text, "createdAt" timestamptz)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(items)],
    );
  }

  async claim(now: string, holdUntil: string): Promise<Delivery | null> {
    const { rows } = await this.sql.query<{ id: string; url: string; body: string; attempts: number }>(
      `WITH due AS (SELECT id FROM outbox WHERE status = 'PENDING' AND next_at <= $1::timestamptz ORDER BY next_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE outbox o SET next_at = $2::timestamptz FROM due WHERE o.id = due.id RETURNING o.id, o.url, o.body, o.attempts`,
      [now, holdUntil],
    );
    return rows[0] ?? null;
  }

  async record(delivery: Delivery, outcome: DeliveryOutcome): Promise<void> {
    const final = outcome.status !== 'PENDING';
    await this.sql.query(
      `UPDATE outbox SET status = $2, attempts = $3, next_at = $4::timestamptz, last_error = $5,
         delivered_at = CASE WHEN $2 = 'DELIVERED' THEN $6::timestamptz ELSE delivered_at END,
         body = CASE WHEN $7 THEN NULL ELSE body END
       WHERE id = $1`,
      [delivery.id, outcome.status, outcome.attempts, outcome.nextAt, outcome.lastError, outcome.at, final],
    );
  }

  /** Notices about one subject, or owed for one cause, or in one status; newest first, at most `first`. */
  async list(filter: { subjectId?: string; causeId?: string; status?: NoticeStatus; first: number }): Promise<NoticeDoc[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.subjectId !== undefined) add('subject_id = ?', filter.subjectId);
    if (filter.causeId !== undefined) add('cause_id = ?', filter.causeId);
    if (filter.status !== undefined) add('status = ?', filter.status);
    params.push(filter.first);
    const { rows } = await this.sql.query<NoticeRow>(
      `SELECT ${COLUMNS} FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toDoc);
  }
}
