import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/AuditEvent';
import type { Identity } from '../sources/Identity';
import type { DsrRequestDoc, ErasureCertificateDoc, SourceErasureDoc } from './DsrRequestDoc';
import type { DsrDeps } from './resolveForDsr';

export class VerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerificationError';
  }
}

/**
 * Re-reads every source after the tasks: any record still found that the plan did not retain
 * fails the request. A source that says "done" is not taken at its word.
 */
export async function verifyErasure(deps: DsrDeps, request: DsrRequestDoc, identities: readonly Identity[]): Promise<void> {
  const retained = new Set(request.tasks.flatMap((t) => (t.plan?.retainedRecords ?? []).map((r) => `${t.source}:${r.id}`)));
  const problems: string[] = [];
  for (const connector of deps.connectors) {
    const keys = identities.filter((i) => connector.queryableBy.includes(i.type));
    if (keys.length === 0) continue;
    const results = await connector.inner.findByIdentities(keys, { includeRestricted: true });
    const left = new Set<string>();
    for (const r of results) {
      if (r instanceof Error) throw r;
      for (const record of r) if (!retained.has(`${connector.name}:${record.id}`)) left.add(record.id);
    }
    if (left.size > 0) problems.push(`source "${connector.name}" still holds ${left.size} record(s) the plan did not retain`);
  }
  if (problems.length > 0) throw new VerificationError(`verification failed: ${problems.join('; ')}`);
}

/** The destruction act: per source, what was deleted, depersonalized and retained (until when), hashed. */
export function issueCertificate(request: DsrRequestDoc, now: Date): ErasureCertificateDoc {
  const sources: SourceErasureDoc[] = request.tasks.map((t) => {
    const plan = t.plan ?? { deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] };
    const untils = plan.retainedRecords.flatMap((r) => (r.until === null ? [] : [r.until])).sort();
    return {
      source: t.source,
      deleted: plan.deleted,
      depersonalized: plan.depersonalized,
      retained: plan.retained,
      retainedUntil: untils.at(-1) ?? null,
      retainedUnder: [...new Set(plan.retainedRecords.map((r) => r.hold))].join(', ') || null,
      completedAt: t.completedAt,
    };
  });
  const body = { issuedAt: now.toISOString(), requestId: request._id, subjectId: request.subjectId ?? '', verifiedAt: now.toISOString(), sources };
  return { ...body, sha256: createHash('sha256').update(canonicalJson(body)).digest('hex') };
}
