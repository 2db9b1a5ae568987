import type { EraseResult } from '../sources/Connector';
import type { Identity } from '../sources/Identity';

export type DsrType = 'EXPORT' | 'BLOCK' | 'UNBLOCK' | 'ERASE' | 'RECTIFY' | 'OBJECTION';
export type DsrStatus = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
export type DsrTaskStatus = 'PENDING' | 'IN_PROGRESS' | 'DONE' | 'FAILED' | 'SKIPPED';

/** One source's share of a request. The worker updates it after every attempt. */
export interface DsrTaskDoc {
  source: string;
  status: DsrTaskStatus;
  /** erase | restrict | unrestrict | rectify | annotate | export | none */
  action: string;
  attempts: number;
  records: number | null;
  lastError: string | null;
  updatedAt: string | null;
  /** Earliest time of the next attempt after a transient failure (backoff survives restarts). */
  notBefore: string | null;
  /** ERASE: what the source reported it would do, recorded BEFORE acting, so the certificate is exact after a crash. */
  plan: EraseResult | null;
  completedAt: string | null;
}

/** What was done to one category group of a source's records (buildDestructionAct). */
export interface DestructionActionDoc {
  method: 'DELETED' | 'DEPERSONALIZED' | 'RETAINED';
  records: number;
  /** Categories destroyed by this action. */
  categories: string[];
  /** Categories the records still hold: the statistics of a depersonalized record, everything a hold keeps. */
  categoriesKept: string[];
  hold: string | null;
  holdBasis: string | null;
  until: string | null;
}

export interface SourceErasureDoc {
  source: string;
  deleted: number;
  depersonalized: number;
  retained: number;
  retainedUntil: string | null;
  retainedUnder: string | null;
  completedAt: string | null;
  /** Destruction act (Order 179): the information system, its kind and who keeps its files. Absent on certificates issued before. */
  system?: string | null;
  kind?: string | null;
  custody?: 'EMBEDDED' | 'OPERATOR_MANAGED' | null;
  storage?: string | null;
  recipients?: string[];
  actions?: DestructionActionDoc[];
}

export interface ErasureCertificateDoc {
  issuedAt: string;
  requestId: string;
  subjectId: string;
  verifiedAt: string;
  sources: SourceErasureDoc[];
  sha256: string;
  /** The destruction act's fields (buildDestructionAct); absent on certificates issued before them. */
  format?: string;
  subjectIdentityHashes?: string[];
  operator?: { name: string; address: string; contact: string; responsible: string } | null;
  reason?: { type: string; text: string | null; legalBasis: string[] };
  requestedBy?: string;
  requestedAt?: string;
  dueAt?: string | null;
  performedBy?: string;
  policyVersion?: string;
  auditExtract?: Array<{ id: string; at: string; client: string; purpose: string; operation: string | null; outcome: string; hash: string; prevHash: string | null }>;
  /** GDPR art. 19: each recipient that received the subject's data, and the notice it is owed; absent on acts issued before notices. */
  recipientsNotified?: NotifiedRecipientDoc[];
}

export interface NotifiedRecipientDoc {
  recipient: string;
  name: string;
  /** The categories it received, which the notice names. */
  categories: string[];
  noticeId: string;
  /** DECLARED: sent through its channel (status: `recipientNotices`); NONE: due, no channel declared. */
  channel: 'DECLARED' | 'NONE';
}

export interface CallbackDoc {
  url: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  nextAt: string | null;
  lastError: string | null;
}

/**
 * A data-subject request in the ledger (tables `dsr_requests`, `dsr_tasks`, `dsr_callbacks`,
 * `dsr_request_keys`; see src/state/DsrLedger). `identities` and `payload.changes` are stored
 * sealed under the request's own key until it completes, then the key is destroyed: a completed
 * request keeps keyed hashes only. A FAILED one keeps its closure, for a retry.
 */
export interface DsrRequestDoc {
  _id: string;
  type: DsrType;
  status: DsrStatus;
  subjectId: string | null;
  identityHashes: string[];
  identities: Identity[] | null;
  /**
   * Whether every source answered when `identities` were resolved. Until then the worker resolves
   * again before acting, so a source that was down at acceptance cannot hide an identity.
   */
  identitiesComplete?: boolean;
  reason: string | null;
  client: string;
  createdAt: string;
  /** When the subject's request reached the controller (the deadline counts from it); null on requests older than the field: their createdAt. */
  receivedAt?: string | null;
  completedAt: string | null;
  dueAt: string;
  extendedReason: string | null;
  /** Unique: the same key returns the same request. Defaults to the request id. */
  idempotencyKey: string;
  alreadyErased: boolean;
  /** RECTIFY: the new values while the request runs; afterwards only the names of the changed fields. */
  payload: {
    changes?: Record<string, string | null>;
    changedFields?: string[];
    format?: string;
    objection?: { purpose: string; withdrawn: boolean };
    /** Keyed digest of the input a caller's idempotency key came with (keyedRequest): kept for the life of the request. */
    inputDigest?: string;
    /** The idempotency key and input digest of the deadline's extension, when it was given one. */
    extension?: { key: string; inputDigest: string };
  };
  tasks: DsrTaskDoc[];
  export: { file: string; sha256: string; bytes: number } | null;
  certificate: ErasureCertificateDoc | null;
  callback: CallbackDoc | null;
  lastError: string | null;
  /** The worker's lease: one instance works on a request at a time. */
  leaseOwner: string | null;
  leaseUntil: string | null;
  /** Released until then: a task's backoff, or the next try at verifying an erasure. */
  notBefore: string | null;
}

export const OPEN_STATUSES: readonly DsrStatus[] = ['PENDING', 'IN_PROGRESS'];
