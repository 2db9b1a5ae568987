import type { AuditEventBody } from '../audit/AuditEvent';
import type { RetentionRunDoc } from '../state/RetentionRuns';

/** The client and purpose a clock act is recorded under: no caller asked for it. */
export const RETENTION_CLIENT = 'retention-clock';
export const RETENTION_PURPOSE = 'storage_limitation';

/**
 * A completed retention run as an audit event: the run's id (as its request id), the clock
 * instance that ran it, the categories it acted on, and its counts and sha256 — no subject and
 * no value of anyone's, since the run destroys records by age, not by person.
 */
export function retentionAuditEvent(options: { run: RetentionRunDoc & { sha256: string; completedAt: string }; policyVersion: string }): AuditEventBody {
  const { run } = options;
  const total = (key: 'deleted' | 'depersonalized' | 'retained') => run.sources.reduce((n, s) => n + s[key], 0);
  return {
    at: run.completedAt,
    requestId: run.id,
    client: RETENTION_CLIENT,
    roles: [],
    purpose: RETENTION_PURPOSE,
    operation: 'retentionRun',
    subjectIds: [],
    categories: [],
    denied: [],
    policyVersion: options.policyVersion,
    outcome: run.failedSources.length > 0 ? 'partial' : 'ok',
    act: { kind: 'retention_run', runId: run.id, deleted: total('deleted'), depersonalized: total('depersonalized'), retained: total('retained'), failedSources: [...run.failedSources], sha256: run.sha256 },
  };
}
