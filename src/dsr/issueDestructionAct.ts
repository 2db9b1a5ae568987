import type { AuditEventDoc } from '../audit/AuditEvent';
import { sourceCategories } from '../sources/sourceCategories';
import type { ActAuditEvent } from './buildDestructionAct';
import { ERASURE_ON_REQUEST, buildDestructionAct } from './buildDestructionAct';
import type { DsrRequestDoc, ErasureCertificateDoc, NotifiedRecipientDoc } from './DsrRequestDoc';
import type { DsrDeps } from './resolveForDsr';

/** Audit events in an act: the request's own, from its acceptance on (newest first, as many as a regulator reads). */
const AUDIT_EXTRACT_LIMIT = 100;

/**
 * Reads what the acts of a wave of erasures name (descriptors, policy, the audit events of each
 * request: one query for the wave) and builds one act per request, in order.
 */
export async function issueDestructionActs(options: { deps: DsrDeps; requests: readonly DsrRequestDoc[]; performedBy: string; now: Date; recipientsNotified?: ReadonlyMap<string, readonly NotifiedRecipientDoc[]> }): Promise<ErasureCertificateDoc[]> {
  const { deps, requests, now } = options;
  const subjects = requests.flatMap((r) => (r.subjectId ? [r.subjectId] : []));
  const events = await deps.audit.latestOfEach(subjects, AUDIT_EXTRACT_LIMIT);
  return requests.map((request) => {
    const own = request.subjectId ? (events.get(request.subjectId) ?? []) : [];
    const audit = own.filter((e) => e.at >= request.createdAt && e.at <= now.toISOString()).map(toActEvent);
    return buildAct({ deps, request, performedBy: options.performedBy, now, audit, recipientsNotified: options.recipientsNotified?.get(request._id) ?? [] });
  });
}

const toActEvent = (e: AuditEventDoc): ActAuditEvent => ({ id: e._id, at: e.at, client: e.client, purpose: e.purpose, operation: e.operation, outcome: e.outcome, hash: e.hash, prevHash: e.prevHash });

function buildAct(options: { deps: DsrDeps; request: DsrRequestDoc; performedBy: string; now: Date; audit: ActAuditEvent[]; recipientsNotified: readonly NotifiedRecipientDoc[] }): ErasureCertificateDoc {
  const { deps, request, audit } = options;
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
