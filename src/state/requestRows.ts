import type { CallbackDoc, DsrRequestDoc, DsrStatus, DsrTaskDoc, DsrType } from '../dsr/DsrRequestDoc';
import type { Identity } from '../sources/Identity';
import { iso, isoSql } from './iso';
import { openClosure } from './sealClosure';

/** A `dsr_requests` row with its tasks and callback (see selectRequests). */
export interface RequestRow {
  id: string;
  type: DsrType;
  status: DsrStatus;
  subject_id: string | null;
  identity_hashes: string[];
  identities: Identity[] | null;
  identities_complete: boolean;
  reason: string | null;
  client: string;
  created_at: Date;
  received_at: Date | null;
  completed_at: Date | null;
  due_at: Date;
  extended_reason: string | null;
  idempotency_key: string;
  already_erased: boolean;
  payload: DsrRequestDoc['payload'];
  export: DsrRequestDoc['export'];
  certificate: DsrRequestDoc['certificate'];
  last_error: string | null;
  lease_owner: string | null;
  lease_until: Date | null;
  not_before: Date | null;
  /** The closure under the request's key (sealClosure); readable while `seal_key` exists. */
  sealed: string | null;
  seal_key: string | null;
  tasks: DsrTaskDoc[];
  callback: CallbackDoc | null;
}

const TASK_JSON = `json_build_object('source', t.source, 'status', t.status, 'action', t.action, 'attempts', t.attempts,
  'records', t.records, 'lastError', t.last_error, 'updatedAt', ${isoSql('t.updated_at')}, 'notBefore', ${isoSql('t.not_before')},
  'plan', t.plan, 'completedAt', ${isoSql('t.completed_at')})`;
const CALLBACK_JSON = `json_build_object('url', c.url, 'status', c.status, 'attempts', c.attempts, 'nextAt', ${isoSql('c.next_at')}, 'lastError', c.last_error)`;

/**
 * `SELECT` of whole requests from `from` (a table or a CTE aliased `r`): each row carries its
 * tasks, in order, and its callback, so a page of requests is one statement.
 */
export const selectRequests = (from: string): string => `SELECT r.*,
  COALESCE((SELECT json_agg(${TASK_JSON} ORDER BY t.idx) FROM dsr_tasks t WHERE t.request_id = r.id), '[]'::json) AS tasks,
  (SELECT ${CALLBACK_JSON} FROM dsr_callbacks c WHERE c.request_id = r.id) AS callback,
  (SELECT k.key FROM dsr_request_keys k WHERE k.request_id = r.id) AS seal_key
  FROM ${from}`;

/**
 * A stored request as the worker and the resolvers see it: the closure opened with the request's
 * key while it has one; once the key is destroyed, nothing personal is left to show.
 */
export function toRequestDoc(row: RequestRow): DsrRequestDoc {
  const closure = row.sealed && row.seal_key ? openClosure(row.seal_key, row.sealed) : null;
  return {
    _id: row.id,
    type: row.type,
    status: row.status,
    subjectId: row.subject_id,
    identityHashes: row.identity_hashes,
    identities: closure ? closure.identities : row.identities,
    identitiesComplete: row.identities_complete,
    reason: row.reason,
    client: row.client,
    createdAt: iso(row.created_at) as string,
    receivedAt: iso(row.received_at),
    completedAt: iso(row.completed_at),
    dueAt: iso(row.due_at) as string,
    extendedReason: row.extended_reason,
    idempotencyKey: row.idempotency_key,
    alreadyErased: row.already_erased,
    payload: closure?.changes ? { ...row.payload, changes: closure.changes } : row.payload,
    tasks: row.tasks,
    export: row.export,
    certificate: row.certificate,
    callback: row.callback,
    lastError: row.last_error,
    leaseOwner: row.lease_owner,
    leaseUntil: iso(row.lease_until),
    notBefore: iso(row.not_before),
  };
}

/** The fields of a task (with its index) as a `jsonb_to_recordset` record: a set of tasks in one parameter, one statement. */
export const TASK_FIELDS = `idx integer, source text, status text, action text, attempts integer, records integer, "lastError" text,
  "updatedAt" timestamptz, "notBefore" timestamptz, plan jsonb, "completedAt" timestamptz`;
