import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { canonicalJson } from '../audit/AuditEvent';
import type { Policy } from '../policy/Policy';
import type { Connector, EraseResult } from '../sources/Connector';
import type { GuardedConnector } from '../sources/guardConnector';
import type { GatewayState } from '../state/GatewayState';
import type { RetentionRunDoc, RetentionSourceDoc } from '../state/RetentionRuns';
import { retentionAuditEvent } from './retentionAuditEvent';
import { retentionPlanFor } from './retentionPlanFor';

export interface RetentionDeps {
  readonly policy: Policy;
  readonly connectors: readonly GuardedConnector[];
  readonly state: Pick<GatewayState, 'retention' | 'audit'>;
  readonly logger: Logger;
}

/** The sources on the clock, unguarded: like the DSR worker, a run waits for a slow source. */
const expiringSources = (deps: RetentionDeps) => deps.connectors.map((c) => c.inner).filter((c): c is Connector & Required<Pick<Connector, 'expiring'>> => c.expiring !== undefined);

function summary(source: string, result: EraseResult, completedAt: string | null): RetentionSourceDoc {
  const untils = result.retainedRecords.flatMap((r) => (r.until === null ? [] : [r.until])).sort();
  return {
    source,
    deleted: result.deleted,
    depersonalized: result.depersonalized,
    retained: result.retained,
    retainedUntil: untils.at(-1) ?? null,
    retainedUnder: [...new Set(result.retainedRecords.map((r) => r.hold))].join(', ') || null,
    completedAt,
  };
}

/** `retentionPreview`: what a run at `now` would do, per source, changing nothing. */
export async function previewRetention(deps: RetentionDeps, now: Date): Promise<RetentionSourceDoc[]> {
  return Promise.all(expiringSources(deps).map(async (c) => summary(c.name, await c.expiring.plan(retentionPlanFor(c, deps.policy, now)), null)));
}

/**
 * One run of the retention clock, if the slot due at `now` is this instance's to run (null when
 * another instance ran it): every source's records past their period destroyed or depersonalized
 * through the erasure's own writes, held ones kept, and the run recorded as a destruction act.
 * A source that fails is named in the run and tried again at the next one. The run is an event
 * of the audit chain too (its id, counts and sha256), so verifyAuditLog covers it.
 */
export async function runRetention(deps: RetentionDeps, options: { holder: string; now: Date; intervalMs: number; clock?: () => Date }): Promise<RetentionRunDoc | null> {
  const { now } = options;
  const runs = deps.state.retention;
  const claimed = await runs.claimSlot({ holder: options.holder, now: now.toISOString(), next: new Date(now.getTime() + options.intervalMs).toISOString() });
  if (!claimed) return null;
  const clock = options.clock ?? (() => new Date());
  const run = { id: `ret_${randomUUID()}`, holder: options.holder, startedAt: now.toISOString() };
  await runs.begin(run);
  const sources: RetentionSourceDoc[] = [];
  const failedSources: string[] = [];
  for (const c of expiringSources(deps)) {
    try {
      sources.push(summary(c.name, await c.expiring.erase(retentionPlanFor(c, deps.policy, now)), clock().toISOString()));
    } catch (error) {
      failedSources.push(c.name);
      deps.logger.warn({ err: error, source: c.name, run: run.id }, 'retention run failed at a source');
    }
  }
  const completedAt = clock().toISOString();
  const body = { id: run.id, startedAt: run.startedAt, completedAt, sources, failedSources };
  const sha256 = createHash('sha256').update(canonicalJson(body)).digest('hex');
  await runs.complete({ id: run.id, completedAt, sources, failedSources, sha256 });
  await deps.state.audit.append(retentionAuditEvent({ run: { ...run, completedAt, sources, failedSources, sha256 }, policyVersion: deps.policy.version }));
  return { ...run, completedAt, sources, failedSources, sha256 };
}
