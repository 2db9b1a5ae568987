import { sourceCategories } from '../sources/sourceCategories';
import type { ActAuditEvent } from './buildDestructionAct';
import { ERASURE_ON_REQUEST, buildDestructionAct } from './buildDestructionAct';
import type { DsrRequestDoc, ErasureCertificateDoc, NotifiedRecipientDoc } from './DsrRequestDoc';
import type { DsrDeps } from './resolveForDsr';

/** Audit events in an act: the request's own, from its acceptance on (newest first, as many as a regulator reads). */
const AUDIT_EXTRACT_LIMIT = 100;

/** Reads what the act names (descriptors, policy, the audit events of the request) and builds it. */
export async function issueDestructionAct(options: { deps: DsrDeps; request: DsrRequestDoc; performedBy: string; now: Date; recipientsNotified?: readonly NotifiedRecipientDoc[] }): Promise<ErasureCertificateDoc> {
  const { deps, request } = options;
  const audit: ActAuditEvent[] = request.subjectId
    ? (await deps.audit.list({ subjectIds: [request.subjectId], first: AUDIT_EXTRACT_LIMIT })).events.filter((e) => e.at >= request.createdAt && e.at <= options.now.toISOString()).map((e) => ({ id: e._id, at: e.at, client: e.client, purpose: e.purpose, operation: e.operation, outcome: e.outcome, hash: e.hash, prevHash: e.prevHash }))
    : [];
  return buildDestructionAct({
    requestId: request._id,
    subjectId: request.subjectId ?? '',
    identityHashes: request.identityHashes,
    reason: { type: request.type, text: request.reason, legalBasis: ERASURE_ON_REQUEST },
    requestedBy: request.client,
    requestedAt: request.createdAt,
    dueAt: request.dueAt,
    performedBy: options.performedBy,
    tasks: request.tasks,
    sources: deps.connectors.map((c) => ({
      name: c.name,
      system: c.system,
      kind: c.inner.custody?.kind ?? null,
      embedded: c.inner.custody?.embedded ?? null,
      categories: sourceCategories(c),
      keptWhenDepersonalized: c.inner.keptWhenDepersonalized ?? [],
      recipients: deps.policy.recipients.get(c.name) ?? [],
    })),
    holds: deps.policy.holds,
    notices: deps.policy.notices,
    policyVersion: deps.policy.version,
    audit,
    recipientsNotified: options.recipientsNotified,
    now: options.now,
  });
}
