import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/AuditEvent';
import type { LegalHoldRule, PolicyNotices } from '../policy/Policy';
import { covers } from '../policy/categoryTree';
import type { EraseResult } from '../sources/Connector';
import type { DestructionActionDoc, ErasureCertificateDoc, NotifiedRecipientDoc, SourceErasureDoc } from './DsrRequestDoc';

/** What the act says about one system, as the descriptors and the policy know it. */
export interface ActSource {
  readonly name: string;
  readonly system: string;
  readonly kind: string | null;
  readonly embedded: boolean | null;
  /** Every category the system holds. */
  readonly categories: readonly string[];
  /** Categories a depersonalized record keeps (statistics, no longer about anyone). */
  readonly keptWhenDepersonalized: readonly string[];
  readonly recipients: readonly string[];
}

/** One source's share, as the ledger recorded it: the plan made before acting, and when it was done. */
export interface ActTask {
  readonly source: string;
  readonly plan: EraseResult | null;
  readonly completedAt: string | null;
}

export interface ActAuditEvent {
  readonly id: string;
  readonly at: string;
  readonly client: string;
  readonly purpose: string;
  readonly operation: string | null;
  readonly outcome: string;
  readonly hash: string;
  readonly prevHash: string | null;
}

export interface DestructionActInput {
  readonly requestId: string;
  readonly subjectId: string;
  /** Keyed hashes of the identities destroyed: the act names the person without holding a value of theirs. */
  readonly identityHashes: readonly string[];
  /** Why the data was destroyed: the request's words, and the law that obliges it. */
  readonly reason: { readonly type: string; readonly text: string | null; readonly legalBasis: readonly string[] };
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly dueAt: string | null;
  /** The gateway instance that carried it out (the worker's id). */
  readonly performedBy: string;
  readonly tasks: readonly ActTask[];
  readonly sources: readonly ActSource[];
  readonly holds: readonly LegalHoldRule[];
  readonly notices: PolicyNotices | null;
  readonly policyVersion: string;
  readonly audit: readonly ActAuditEvent[];
  /** The recipients told of it (GDPR art. 19), with the notice each is owed. */
  readonly recipientsNotified?: readonly NotifiedRecipientDoc[];
  readonly now: Date;
}

export const DESTRUCTION_ACT_FORMAT = 'privacy-gateway/destruction-act@1';

/** The legal basis of an erasure the data subject asked for. */
export const ERASURE_ON_REQUEST = ['152-FZ art. 14(1), 21(3) (demand of the data subject)', 'GDPR art. 17(1) (right to erasure)'] as const;

const EMBEDDED_NOTE = 'embedded under the gateway data directory: files rewritten without the destroyed records (tables vacuumed and the write-ahead log switched out for the embedded PostgreSQL; append-only files compacted for the document store)';
const OPERATOR_NOTE = "operator-managed system: the records are destroyed through its interface; its write-ahead logs, replicas and backups are kept and expired by its operator's own schedule";

/**
 * The destruction act (Roskomnadzor Order 179 of 28.10.2022, for automated processing; GDPR art.
 * 17, 19): per system, the categories destroyed, how (deleted, depersonalized, or retained under
 * which hold until when), the reason, who asked and what performed it, when, and an extract of the
 * audit events of the request; sha256 over the canonical body. Pure: the caller reads the ledger,
 * the descriptors, the policy and the audit log, so a retention run can issue the same act.
 */
export function buildDestructionAct(input: DestructionActInput): ErasureCertificateDoc {
  const sources = input.tasks.map((task) => sourceEntry(task, input));
  const issuedAt = input.now.toISOString();
  const body = {
    format: DESTRUCTION_ACT_FORMAT,
    issuedAt,
    requestId: input.requestId,
    subjectId: input.subjectId,
    subjectIdentityHashes: [...input.identityHashes].sort(),
    verifiedAt: issuedAt,
    operator: input.notices?.controller ?? null,
    reason: { type: input.reason.type, text: input.reason.text, legalBasis: [...input.reason.legalBasis] },
    requestedBy: input.requestedBy,
    requestedAt: input.requestedAt,
    dueAt: input.dueAt,
    performedBy: input.performedBy,
    policyVersion: input.policyVersion,
    sources,
    auditExtract: input.audit.map((e) => ({ id: e.id, at: e.at, client: e.client, purpose: e.purpose, operation: e.operation, outcome: e.outcome, hash: e.hash, prevHash: e.prevHash })),
    recipientsNotified: input.recipientsNotified?.map((r) => ({ ...r, categories: [...r.categories] })),
  };
  return { ...body, sha256: createHash('sha256').update(canonicalJson(body)).digest('hex') };
}

function sourceEntry(task: ActTask, input: DestructionActInput): SourceErasureDoc {
  const plan = task.plan ?? { deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] };
  const source = input.sources.find((s) => s.name === task.source);
  const categories = [...(source?.categories ?? [])].sort();
  const kept = new Set(source?.keptWhenDepersonalized ?? []);
  const untils = plan.retainedRecords.flatMap((r) => (r.until === null ? [] : [r.until])).sort();
  const actions: DestructionActionDoc[] = [];
  if (plan.deleted > 0) actions.push({ method: 'DELETED', records: plan.deleted, categories, categoriesKept: [], hold: null, holdBasis: null, until: null });
  if (plan.depersonalized > 0) {
    actions.push({ method: 'DEPERSONALIZED', records: plan.depersonalized, categories: categories.filter((c) => !kept.has(c)), categoriesKept: categories.filter((c) => kept.has(c)), hold: null, holdBasis: null, until: null });
  }
  const byHold = new Map<string, { records: number; until: string | null }>();
  for (const r of plan.retainedRecords) {
    const entry = byHold.get(r.hold) ?? { records: 0, until: null };
    entry.records++;
    if (r.until !== null && (entry.until === null || r.until > entry.until)) entry.until = r.until;
    byHold.set(r.hold, entry);
  }
  for (const [hold, { records, until }] of byHold) {
    const rule = input.holds.find((h) => h.name === hold);
    // "shared": a record other people's records reach too; it is theirs as much as this subject's.
    const held = rule ? categories.filter((c) => rule.categories.some((g) => covers(g, c))) : categories;
    actions.push({ method: 'RETAINED', records, categories: [], categoriesKept: held, hold, holdBasis: rule?.basis ?? (hold === 'shared' ? "other people's records reach this record: kept for them (CONTRACT.md §7)" : null), until });
  }
  const embedded = source?.embedded ?? null;
  return {
    source: task.source,
    deleted: plan.deleted,
    depersonalized: plan.depersonalized,
    retained: plan.retained,
    retainedUntil: untils.at(-1) ?? null,
    retainedUnder: [...new Set(plan.retainedRecords.map((r) => r.hold))].join(', ') || null,
    completedAt: task.completedAt,
    system: source?.system ?? null,
    kind: source?.kind ?? null,
    custody: embedded === null ? null : embedded ? 'EMBEDDED' : 'OPERATOR_MANAGED',
    storage: embedded === null ? null : embedded ? EMBEDDED_NOTE : OPERATOR_NOTE,
    recipients: [...(source?.recipients ?? [])],
    actions,
  };
}
