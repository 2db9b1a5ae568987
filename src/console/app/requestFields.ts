/** The queue's lighter selection: deadlines and tasks, no proof (two lists of it stay inside the cost limit). */
export const QUEUE_FIELDS = `id type status subjectId reason createdAt completedAt dueAt overdue extendedReason alreadyErased lastError
  tasks { source status attempts action records lastError updatedAt }`;

/** The fields of a request every view shows: the queue's, and the proof. */
export const REQUEST_FIELDS = `${QUEUE_FIELDS}
  export { downloadUrl sha256 bytes }
  certificate { issuedAt sha256 requestId subjectId verifiedAt sources { source deleted depersonalized retained retainedUntil retainedUnder completedAt } }`;

export interface RequestTask {
  source: string;
  status: string;
  attempts: number;
  action: string;
  records: number | null;
  lastError: string | null;
}

export interface SourceErasure {
  source: string;
  deleted: number;
  depersonalized: number;
  retained: number;
  retainedUntil: string | null;
  retainedUnder: string | null;
  completedAt: string | null;
}

export interface Certificate {
  issuedAt: string;
  sha256: string;
  requestId: string;
  subjectId: string;
  verifiedAt: string;
  sources: SourceErasure[];
}

export interface DsrRequestView {
  id: string;
  type: string;
  status: string;
  subjectId: string | null;
  reason: string | null;
  createdAt: string;
  completedAt: string | null;
  dueAt: string;
  overdue: boolean;
  extendedReason: string | null;
  alreadyErased: boolean;
  lastError: string | null;
  tasks: RequestTask[];
  export: { downloadUrl: string; sha256: string; bytes: number } | null;
  certificate: Certificate | null;
  /** The way to the subject (see subjectHandle), when the gateway offers one. */
  subject?: { identities?: Array<{ type: string; value: string | null }> | null; [ref: string]: unknown } | null;
  subjectRef?: { [ref: string]: unknown } | null;
}

export const isOpen = (r: { status: string }): boolean => r.status === 'PENDING' || r.status === 'IN_PROGRESS';
