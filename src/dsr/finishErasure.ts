import type { Identity } from '../sources/Identity';
import type { DsrRequestDoc } from './DsrRequestDoc';
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
