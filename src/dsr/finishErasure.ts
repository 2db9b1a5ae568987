import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/AuditEvent';
import type { DsrRequestDoc, ErasureCertificateDoc, SourceErasureDoc } from './DsrRequestDoc';

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
