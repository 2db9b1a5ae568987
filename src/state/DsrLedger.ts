import type { CallbackDoc, DsrRequestDoc, DsrStatus, DsrTaskDoc, DsrType, ErasureCertificateDoc } from '../dsr/DsrRequestDoc';
import type { Identity } from '../sources/Identity';
import type { SqlQueryable } from '../sql/SqlClient';
import type { RequestUpdate } from './requestColumns';
import { requestRecords, setClause } from './requestColumns';
import type { RequestRow } from './requestRows';
import { selectRequests, TASK_FIELDS, toRequestDoc } from './requestRows';
import { newRequestKey, openClosure, sealClosure } from './sealClosure';
import type { TaskWrite } from './TaskWriteGroups';
import { TaskWriteGroups } from './TaskWriteGroups';

export interface ListFilter {
  identityHashes?: readonly string[];
  type?: DsrType;
  status?: DsrStatus;
  overdueAt?: string;
  first: number;
  after?: { createdAt: string; id: string } | null;
}

const OPEN = "r.status IN ('PENDING', 'IN_PROGRESS')";
/** The lease column an acceptance holds while it claims the subject (see DsrService.erase). */
export const ACCEPTING = 'accepting';

/**
 * The request ledger, owner of tables `dsr_requests`, `dsr_tasks`, `dsr_callbacks` and
 * `dsr_request_keys`: no other module writes them. Every request and its per-source tasks; the
 * worker's leases; callback notices. Each method is one statement, so it is atomic on its own and
 * costs one round trip (recordClosure reads the key first).
 *
 * What a request carries that names the person (its identity closure, a rectification's new
 * values) is stored sealed under a key of that request alone (sealClosure), from acceptance until
 * the request completes; completing it (`identities: null`) deletes the key, so the ledger holds
 * no readable personal value of a finished request, whatever copies of its rows survive.
 */
export class DsrLedger {
  private readonly taskWrites: TaskWriteGroups;

  constructor(private readonly sql: SqlQueryable) {
    this.taskWrites = new TaskWriteGroups((writes) => this.writeTasks(writes));
  }

  private async one(where: string, params: unknown[]): Promise<DsrRequestDoc | null> {
    const { rows } = await this.sql.query<RequestRow>(`${selectRequests('dsr_requests r')} WHERE ${where}`, params);
    return rows[0] ? toRequestDoc(rows[0]) : null;
  }

  get(id: string): Promise<DsrRequestDoc | null> {
    return this.one('r.id = $1', [id]);
  }

  byIdempotencyKey(key: string): Promise<DsrRequestDoc | null> {
    return this.one('r.idempotency_key = $1', [key]);
  }

  /** The requests recorded under any of `keys`, by key. */
  async byIdempotencyKeys(keys: readonly string[]): Promise<Map<string, DsrRequestDoc>> {
    if (keys.length === 0) return new Map();
    const { rows } = await this.sql.query<RequestRow>(`${selectRequests('dsr_requests r')} WHERE r.idempotency_key = ANY($1::text[])`, [[...new Set(keys)]]);
    return new Map(rows.map((row) => [row.idempotency_key, toRequestDoc(row)]));
  }

  async getMany(ids: readonly string[]): Promise<Map<string, DsrRequestDoc>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.sql.query<RequestRow>(`${selectRequests('dsr_requests r')} WHERE r.id = ANY($1::text[])`, [[...new Set(ids)]]);
    return new Map(rows.map((row) => [row.id, toRequestDoc(row)]));
  }

  /** One request; see insertManyOrExisting. */
  async insertOrExisting(doc: DsrRequestDoc): Promise<DsrRequestDoc> {
    const [recorded] = await this.insertManyOrExisting([doc]);
    return recorded as DsrRequestDoc;
  }

  /**
   * Records requests with their tasks and callbacks, in one statement, except those whose
   * idempotency key is taken: for them the request already recorded under that key comes back
   * instead (in input order). Either way, one request per key. The keys must differ.
   */
  async insertManyOrExisting(docs: readonly DsrRequestDoc[]): Promise<DsrRequestDoc[]> {
    if (docs.length === 0) return [];
    if (new Set(docs.map((d) => d.idempotencyKey)).size !== docs.length) throw new TypeError('expected requests with distinct idempotency keys, got a key twice');
    const keys = new Map<string, string>();
    const stored = docs.map((doc) => {
      const { changes, ...payload } = doc.payload;
      if (doc.identities === null && changes === undefined) return { ...doc, sealed: null };
      const key = newRequestKey();
      keys.set(doc._id, key);
      return { ...doc, identities: null, payload, sealed: sealClosure(key, { identities: doc.identities, changes }) };
    });
    const requests = requestRecords(stored);
    const { rows } = await this.sql.query<{ id: string }>(
      `WITH inserted AS (
          INSERT INTO dsr_requests (${requests.columns}) SELECT ${requests.columns} FROM jsonb_to_recordset($3::jsonb) AS ${requests.record}
          ON CONFLICT (idempotency_key) DO NOTHING RETURNING id),
        keys AS (INSERT INTO dsr_request_keys (request_id, key)
          SELECT x."requestId", x.key FROM jsonb_to_recordset($4::jsonb) AS x("requestId" text, key text) JOIN inserted ON inserted.id = x."requestId"),
        tasks AS (INSERT INTO dsr_tasks (request_id, idx, source, status, action, attempts, records, last_error, updated_at, not_before, plan, completed_at)
          SELECT x."requestId", x.idx, x.source, x.status, x.action, x.attempts, x.records, x."lastError", x."updatedAt", x."notBefore", x.plan, x."completedAt"
          FROM jsonb_to_recordset($1::jsonb) AS x("requestId" text, ${TASK_FIELDS}) JOIN inserted ON inserted.id = x."requestId"),
        callback AS (INSERT INTO dsr_callbacks (request_id, url, status, attempts, next_at, last_error)
          SELECT x."requestId", x.url, x.status, x.attempts, x."nextAt", x."lastError"
          FROM jsonb_to_recordset($2::jsonb) AS x("requestId" text, url text, status text, attempts integer, "nextAt" timestamptz, "lastError" text)
          JOIN inserted ON inserted.id = x."requestId")
       SELECT id FROM inserted`,
      [
        JSON.stringify(docs.flatMap((d) => d.tasks.map((t, idx) => ({ ...t, idx, requestId: d._id })))),
        JSON.stringify(docs.flatMap((d) => (d.callback ? [{ ...d.callback, requestId: d._id }] : []))),
        requests.json,
        JSON.stringify([...keys].map(([requestId, key]) => ({ requestId, key }))),
      ],
    );
    const inserted = new Set(rows.map((r) => r.id));
    const taken = await this.byIdempotencyKeys(docs.filter((d) => !inserted.has(d._id)).map((d) => d.idempotencyKey));
    return docs.map((doc) => {
      if (inserted.has(doc._id)) return doc;
      const existing = taken.get(doc.idempotencyKey);
      if (!existing) throw new TypeError(`expected request ${doc._id} to be recorded or its idempotency key to name one, got neither`);
      return existing;
    });
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  async list(filter: ListFilter): Promise<{ requests: DsrRequestDoc[]; hasNextPage: boolean }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (value: unknown): string => `$${params.push(value)}`;
    if (filter.identityHashes) where.push(`r.identity_hashes && ${p([...filter.identityHashes])}::text[]`);
    if (filter.type) where.push(`r.type = ${p(filter.type)}`);
    if (filter.status) where.push(`r.status = ${p(filter.status)}`);
    if (filter.overdueAt) where.push(`r.due_at < ${p(filter.overdueAt)}::timestamptz AND ${OPEN}`);
    if (filter.after) where.push(`(r.created_at, r.id) < (${p(filter.after.createdAt)}::timestamptz, ${p(filter.after.id)}::text)`);
    const { rows } = await this.sql.query<RequestRow>(
      `${selectRequests('dsr_requests r')} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.created_at DESC, r.id DESC LIMIT ${p(filter.first + 1)}`,
      params,
    );
    return { requests: rows.slice(0, filter.first).map(toRequestDoc), hasNextPage: rows.length > filter.first };
  }

  /**
   * Claims up to `limit` of the oldest open requests that are due (not released until later)
   * and whose lease is free or expired, for `owner` until `leaseUntil`; in one statement. SKIP
   * LOCKED: gateways sharing one server each take different requests and never both hold one;
   * rows another claim took meanwhile are left out, and the worker looks again next round.
   */
  async claim(options: { owner: string; now: string; leaseUntil: string; limit: number }): Promise<DsrRequestDoc[]> {
    const { rows } = await this.sql.query<RequestRow>(
      `WITH next AS (
         SELECT r.id FROM dsr_requests r
         WHERE ${OPEN} AND (r.lease_until IS NULL OR r.lease_until < $2::timestamptz) AND (r.not_before IS NULL OR r.not_before <= $2::timestamptz)
         ORDER BY r.created_at, r.id LIMIT $4 FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE dsr_requests u SET lease_owner = $1, lease_until = $3::timestamptz, not_before = NULL, status = 'IN_PROGRESS'
         FROM next WHERE u.id = next.id RETURNING u.*)
       ${selectRequests('claimed r')} ORDER BY r.created_at, r.id`,
      [options.owner, options.now, options.leaseUntil, options.limit],
    );
    return rows.map(toRequestDoc);
  }

  /**
   * Extends the leases `owner` still holds among `ids` (a wave's heartbeat), in one statement;
   * returns the ids renewed. Rows another statement is writing at that moment (the wave itself)
   * are skipped, not waited for: the heartbeat never waits on, nor deadlocks with, its own wave,
   * and the next beat renews them.
   */
  async renewMany(ids: readonly string[], owner: string, leaseUntil: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.sql.query<{ id: string }>(
      `WITH held AS (SELECT r.id FROM dsr_requests r WHERE r.id = ANY($1::text[]) AND r.lease_owner = $2 ORDER BY r.id FOR UPDATE SKIP LOCKED)
       UPDATE dsr_requests u SET lease_until = $3::timestamptz FROM held WHERE u.id = held.id RETURNING u.id`,
      [[...ids], owner, leaseUntil],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Extends the lease for an erasure's last steps, and names the subject's access requests
   * (their files must not outlive the erasure); one statement. Null when the lease was lost.
   */
  async renewToFinishErasure(id: string, owner: string, leaseUntil: string): Promise<{ exports: string[] } | null> {
    const exports = (await this.renewToFinishErasures([id], owner, leaseUntil)).get(id);
    return exports ? { exports } : null;
  }

  /** renewToFinishErasure for a wave, in one statement: the access requests of each subject, by the erasures still held. */
  async renewToFinishErasures(ids: readonly string[], owner: string, leaseUntil: string): Promise<Map<string, string[]>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.sql.query<{ id: string; exports: string[] }>(
      `WITH renewed AS (UPDATE dsr_requests SET lease_until = $3::timestamptz WHERE id = ANY($1::text[]) AND lease_owner = $2 RETURNING id, subject_id)
       SELECT renewed.id, ARRAY(SELECT e.id FROM dsr_requests e WHERE e.subject_id = renewed.subject_id AND e.type = 'EXPORT' ORDER BY e.id) AS exports FROM renewed`,
      [[...ids], owner, leaseUntil],
    );
    return new Map(rows.map((r) => [r.id, r.exports]));
  }

  /**
   * Completes a wave of verified erasures held by `owner`, in one statement: each with its
   * certificate, its key destroyed (nothing readable of its closure is left), its callback
   * notice due, and the access requests of its subject no longer offering their files. Returns
   * the ids completed (an erasure whose lease was lost meanwhile is left to its new holder).
   */
  async completeErasures(owner: string, completedAt: string, erasures: ReadonlyArray<{ id: string; certificate: ErasureCertificateDoc }>): Promise<string[]> {
    if (erasures.length === 0) return [];
    const { rows } = await this.sql.query<{ id: string }>(
      `WITH x AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS x(id text, certificate jsonb)),
        updated AS (UPDATE dsr_requests r SET status = 'COMPLETED', completed_at = $2::timestamptz, certificate = x.certificate, identities = NULL, sealed = NULL,
            last_error = NULL, not_before = NULL, lease_owner = NULL, lease_until = NULL
          FROM x WHERE r.id = x.id AND r.lease_owner = $1 RETURNING r.id, r.subject_id),
        shredded AS (DELETE FROM dsr_request_keys k USING updated WHERE k.request_id = updated.id),
        callback AS (UPDATE dsr_callbacks c SET status = 'PENDING', next_at = $2::timestamptz FROM updated WHERE c.request_id = updated.id),
        exports AS (UPDATE dsr_requests e SET export = NULL FROM updated
          WHERE e.subject_id = updated.subject_id AND e.type = 'EXPORT' AND e.export IS NOT NULL AND e.id <> updated.id)
       SELECT id FROM updated`,
      [owner, completedAt, JSON.stringify(erasures)],
    );
    return rows.map((r) => r.id);
  }

  /** Resolves once the task's state is stored, under `owner`'s lease (group-committed, see TaskWriteGroups). */
  updateTask(id: string, owner: string, index: number, task: DsrTaskDoc): Promise<void> {
    return this.taskWrites.add({ requestId: id, owner, index, task });
  }

  /**
   * Writes each task only while its `owner` holds the request's lease. FOR SHARE keeps a
   * concurrent claim from taking a lease meanwhile, and rechecks it after waiting for one.
   */
  private async writeTasks(writes: readonly TaskWrite[]): Promise<void> {
    await this.sql.query(
      `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("requestId" text, owner text, ${TASK_FIELDS})),
        lease AS (SELECT r.id, r.lease_owner FROM dsr_requests r WHERE r.id = ANY($2::text[]) FOR SHARE)
       UPDATE dsr_tasks t SET status = x.status, action = x.action, attempts = x.attempts, records = x.records, last_error = x."lastError",
         updated_at = x."updatedAt", not_before = x."notBefore", plan = x.plan, completed_at = x."completedAt"
       FROM x JOIN lease ON lease.id = x."requestId" AND lease.lease_owner = x.owner
       WHERE t.request_id = x."requestId" AND t.idx = x.idx`,
      [JSON.stringify(writes.map((w) => ({ ...w.task, requestId: w.requestId, owner: w.owner, idx: w.index }))), [...new Set(writes.map((w) => w.requestId))]],
    );
  }

  /**
   * Updates a request only while `owner` holds its lease: a worker that lost its lease (it was
   * presumed dead and another took over) can no longer change what the ledger says.
   */
  async updateOwned(id: string, owner: string, set: RequestUpdate, also: { dropExportsOf?: string } = {}): Promise<boolean> {
    return this.write({ id, owner, set, dropExportsOf: also.dropExportsOf ?? null });
  }

  async update(id: string, set: RequestUpdate): Promise<void> {
    await this.write({ id, owner: null, set, dropExportsOf: null });
  }

  /**
   * One statement: the request's columns; when `set.callback` is given, its callback row; and
   * with `dropExportsOf`, the access requests of that subject stop offering their files. With
   * `identities: null` the request's key and sealed closure go (crypto-shredding).
   */
  private async write(options: { id: string; owner: string | null; set: RequestUpdate; dropExportsOf: string | null }): Promise<boolean> {
    const { callback, ...set } = options.set;
    const shred = set.identities === null;
    const columns = setClause(set, 6);
    const assignments = [columns.sql, shred ? 'sealed = NULL' : ''].filter(Boolean).join(', ') || 'id = id';
    const { rows } = await this.sql.query<{ id: string }>(
      `WITH updated AS (UPDATE dsr_requests SET ${assignments} WHERE id = $1 AND ($2::text IS NULL OR lease_owner = $2) RETURNING id),
        shredded AS (DELETE FROM dsr_request_keys k USING updated WHERE $5::boolean AND k.request_id = updated.id),
        callback AS (UPDATE dsr_callbacks c SET status = x.status, attempts = x.attempts, next_at = x."nextAt", last_error = x."lastError"
          FROM updated, jsonb_to_recordset($3::jsonb) AS x(status text, attempts integer, "nextAt" timestamptz, "lastError" text)
          WHERE c.request_id = updated.id),
        exports AS (UPDATE dsr_requests e SET export = NULL FROM updated
          WHERE $4::text IS NOT NULL AND e.subject_id = $4 AND e.type = 'EXPORT' AND e.export IS NOT NULL AND e.id <> updated.id)
       SELECT id FROM updated`,
      [options.id, options.owner, JSON.stringify(callback ? [callback] : []), options.dropExportsOf, shred, ...columns.params],
    );
    return rows.length === 1;
  }

  /**
   * 152-FZ art. 20(3): extends an open request's deadline once, in one statement; with the key
   * and input digest of the caller's idempotency key, when given. Of two extensions at once one
   * lands. False when the request is finished, unknown or was extended already.
   */
  async extendDeadline(id: string, extension: { dueAt: string; reason: string; key: { key: string; inputDigest: string } | null }): Promise<boolean> {
    const r = await this.sql.query(
      `UPDATE dsr_requests r SET due_at = $2::timestamptz, extended_reason = $3,
         payload = CASE WHEN $4::jsonb IS NULL THEN r.payload ELSE r.payload || jsonb_build_object('extension', $4::jsonb) END
       WHERE r.id = $1 AND r.extended_reason IS NULL AND ${OPEN}`,
      [id, extension.dueAt, extension.reason, extension.key ? JSON.stringify(extension.key) : null],
    );
    return r.rowCount === 1;
  }

  /** The request whose deadline was extended under this (scoped) idempotency key, if any. */
  byExtensionKey(key: string): Promise<DsrRequestDoc | null> {
    return this.one("r.payload -> 'extension' ->> 'key' = $1", [key]);
  }

  /**
   * Replaces a request's identity closure (a fresh resolution found more), sealed under its key,
   * while `owner` holds its lease. False when the lease was lost or the request has no key left.
   */
  async recordClosure(id: string, owner: string, closure: { identities: Identity[]; identityHashes: string[]; identitiesComplete: boolean }): Promise<boolean> {
    const { rows } = await this.sql.query<{ key: string; sealed: string | null }>('SELECT k.key, r.sealed FROM dsr_request_keys k JOIN dsr_requests r ON r.id = k.request_id WHERE k.request_id = $1', [id]);
    const held = rows[0];
    if (!held) return false;
    const changes = held.sealed ? openClosure(held.key, held.sealed).changes : undefined;
    const sealed = sealClosure(held.key, { identities: closure.identities, changes });
    const r = await this.sql.query(
      'UPDATE dsr_requests SET sealed = $3, identity_hashes = $4::text[], identities_complete = $5 WHERE id = $1 AND lease_owner = $2',
      [id, owner, sealed, closure.identityHashes, closure.identitiesComplete],
    );
    return r.rowCount === 1;
  }

  /**
   * The identities every unfinished request of these subjects still holds (a FAILED one keeps
   * its closure until it is retried): a new request about the subject starts from them, so an
   * identity whose only link a failed erasure already destroyed is not lost to the next one.
   */
  async closuresOf(subjectIds: readonly string[]): Promise<Map<string, Identity[]>> {
    const out = new Map<string, Identity[]>();
    if (subjectIds.length === 0) return out;
    const { rows } = await this.sql.query<{ subject_id: string; sealed: string; key: string }>(
      `SELECT r.subject_id, r.sealed, k.key FROM dsr_requests r JOIN dsr_request_keys k ON k.request_id = r.id
       WHERE r.subject_id = ANY($1::text[]) AND r.sealed IS NOT NULL AND r.status <> 'COMPLETED'`,
      [[...new Set(subjectIds)]],
    );
    for (const row of rows) out.set(row.subject_id, [...(out.get(row.subject_id) ?? []), ...(openClosure(row.key, row.sealed).identities ?? [])]);
    return out;
  }

  /**
   * Re-opens a FAILED request (retryDsrRequest): PENDING again, its failed tasks pending with
   * their attempts kept, due now; in one statement. Null when there is no such request; the
   * request as it is when it was not FAILED (a second retry changes nothing).
   */
  async reopen(id: string, now: string): Promise<{ reopened: boolean; request: DsrRequestDoc } | null> {
    const { rows } = await this.sql.query<{ id: string }>(
      `WITH reopened AS (UPDATE dsr_requests SET status = 'PENDING', completed_at = NULL, last_error = NULL, not_before = NULL, lease_owner = NULL, lease_until = NULL
          WHERE id = $1 AND status = 'FAILED' RETURNING id),
        tasks AS (UPDATE dsr_tasks t SET status = 'PENDING', not_before = NULL, updated_at = $2::timestamptz
          FROM reopened WHERE t.request_id = reopened.id AND t.status IN ('FAILED', 'IN_PROGRESS'))
       SELECT id FROM reopened`,
      [id, now],
    );
    const request = await this.get(id);
    return request ? { reopened: rows.length === 1, request } : null;
  }

  /**
   * Acceptance reserves an erasure (lease owner ACCEPTING) until the subject is claimed for it:
   * then it is released to the worker; one that lost the subject to another erasure is withdrawn.
   */
  async releaseReservations(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.sql.query('UPDATE dsr_requests SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($1::text[]) AND lease_owner = $2', [[...ids], ACCEPTING]);
  }

  async discardReservations(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.sql.query('DELETE FROM dsr_requests WHERE id = ANY($1::text[]) AND lease_owner = $2', [[...ids], ACCEPTING]);
  }

  /**
   * Claims the next callback notice that is due, holding it until `holdUntil` (so two schedulers
   * or two instances never send one notice twice). Null when none is due.
   */
  async claimCallback(now: string, holdUntil: string): Promise<DsrRequestDoc | null> {
    const { rows } = await this.sql.query<RequestRow>(
      `WITH due AS (
         SELECT c.request_id FROM dsr_callbacks c JOIN dsr_requests r ON r.id = c.request_id
         WHERE c.status = 'PENDING' AND c.next_at <= $1::timestamptz AND r.status IN ('COMPLETED', 'FAILED')
         ORDER BY c.next_at LIMIT 1 FOR UPDATE OF c SKIP LOCKED),
       held AS (UPDATE dsr_callbacks c SET next_at = $2::timestamptz FROM due WHERE c.request_id = due.request_id RETURNING c.request_id)
       ${selectRequests('dsr_requests r')} WHERE r.id IN (SELECT request_id FROM held)`,
      [now, holdUntil],
    );
    return rows[0] ? toRequestDoc(rows[0]) : null;
  }

  async recordCallback(id: string, callback: CallbackDoc): Promise<void> {
    await this.update(id, { callback });
  }

  /** Completed access requests whose export file is still offered though it was finished before `cutoff`. */
  async exportsCompletedBefore(cutoff: string, limit: number): Promise<string[]> {
    const { rows } = await this.sql.query<{ id: string }>(
      "SELECT id FROM dsr_requests WHERE type = 'EXPORT' AND status = 'COMPLETED' AND export IS NOT NULL AND completed_at < $1::timestamptz ORDER BY completed_at LIMIT $2",
      [cutoff, limit],
    );
    return rows.map((r) => r.id);
  }

  async countByState(now: string): Promise<{ byTypeStatus: Map<string, number>; overdue: number }> {
    const byTypeStatus = new Map<string, number>();
    for (const type of ['EXPORT', 'BLOCK', 'UNBLOCK', 'ERASE', 'RECTIFY', 'OBJECTION'] as const) {
      for (const status of ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED'] as const) byTypeStatus.set(`${type}|${status}`, 0);
    }
    const { rows } = await this.sql.query<{ type: string; status: string; n: number; overdue: number }>(
      `SELECT r.type, r.status, count(*)::int AS n, (count(*) FILTER (WHERE r.due_at < $1::timestamptz AND ${OPEN}))::int AS overdue
       FROM dsr_requests r GROUP BY r.type, r.status`,
      [now],
    );
    let overdue = 0;
    for (const row of rows) {
      byTypeStatus.set(`${row.type}|${row.status}`, row.n);
      overdue += row.overdue;
    }
    return { byTypeStatus, overdue };
  }
}
