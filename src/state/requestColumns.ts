import type { DsrRequestDoc } from '../dsr/DsrRequestDoc';

type Kind = 'text' | 'boolean' | 'timestamptz' | 'jsonb' | 'text[]';

/**
 * Every field of a request that lives in `dsr_requests`, with its column and SQL type. Tasks and
 * the callback live in tables of their own. The one place that says how a request is stored.
 */
export const REQUEST_COLUMNS = {
  _id: ['id', 'text'],
  type: ['type', 'text'],
  status: ['status', 'text'],
  subjectId: ['subject_id', 'text'],
  identityHashes: ['identity_hashes', 'text[]'],
  identities: ['identities', 'jsonb'],
  identitiesComplete: ['identities_complete', 'boolean'],
  reason: ['reason', 'text'],
  client: ['client', 'text'],
  createdAt: ['created_at', 'timestamptz'],
  receivedAt: ['received_at', 'timestamptz'],
  completedAt: ['completed_at', 'timestamptz'],
  dueAt: ['due_at', 'timestamptz'],
  extendedReason: ['extended_reason', 'text'],
  idempotencyKey: ['idempotency_key', 'text'],
  alreadyErased: ['already_erased', 'boolean'],
  payload: ['payload', 'jsonb'],
  export: ['export', 'jsonb'],
  certificate: ['certificate', 'jsonb'],
  lastError: ['last_error', 'text'],
  leaseOwner: ['lease_owner', 'text'],
  leaseUntil: ['lease_until', 'timestamptz'],
  notBefore: ['not_before', 'timestamptz'],
} as const satisfies { [K in Exclude<keyof DsrRequestDoc, 'tasks' | 'callback'>]-?: readonly [string, Kind] };

export type RequestField = keyof typeof REQUEST_COLUMNS;
/**
 * What `update` may change: anything but the identity of the request and its tasks (written per
 * task). Identities only go: `identities: null` destroys the request's key (DsrLedger.recordClosure
 * replaces them); `payload` never carries a rectification's values back in.
 */
export type RequestUpdate = Partial<Omit<DsrRequestDoc, '_id' | 'type' | 'client' | 'createdAt' | 'idempotencyKey' | 'tasks' | 'identities' | 'payload'>> & {
  identities?: null;
  payload?: { changedFields?: string[]; format?: string; inputDigest?: string };
};

/** A value as the driver must receive it: JSON as text (an array would otherwise become an SQL array). */
function param(kind: Kind, value: unknown): unknown {
  if (value === undefined || value === null) return kind === 'boolean' ? false : null;
  return kind === 'jsonb' ? JSON.stringify(value) : value;
}

/** `col = $n::type, …` for the fields set (undefined ones are left alone), numbered from `first`. */
export function setClause(set: RequestUpdate, first: number): { sql: string; params: unknown[] } {
  const fields = (Object.keys(set) as RequestField[]).filter((k) => k in REQUEST_COLUMNS && set[k as keyof RequestUpdate] !== undefined);
  const sql = fields.map((k, i) => `${REQUEST_COLUMNS[k][0]} = $${first + i}::${REQUEST_COLUMNS[k][1]}`).join(', ');
  return { sql, params: fields.map((k) => param(REQUEST_COLUMNS[k][1], set[k as keyof RequestUpdate])) };
}

/**
 * Whole requests as one `jsonb_to_recordset` parameter: `columns` to insert, the `record`
 * definition (`x(id text, …)`) and the JSON (keys are the column names), for a batch in one statement.
 */
export function requestRecords(docs: ReadonlyArray<DsrRequestDoc & { sealed: string | null }>): { columns: string; record: string; json: string } {
  const fields = Object.keys(REQUEST_COLUMNS) as RequestField[];
  const rows = docs.map((doc) => ({
    ...Object.fromEntries(fields.map((k) => {
      const [column, kind] = REQUEST_COLUMNS[k];
      return [column, doc[k] ?? (kind === 'boolean' ? false : null)];
    })),
    sealed: doc.sealed,
  }));
  return {
    columns: [...fields.map((k) => REQUEST_COLUMNS[k][0]), 'sealed'].join(', '),
    record: `x(${fields.map((k) => `${REQUEST_COLUMNS[k][0]} ${REQUEST_COLUMNS[k][1]}`).join(', ')}, sealed text)`,
    json: JSON.stringify(rows),
  };
}
