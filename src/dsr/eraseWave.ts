import type { Policy } from '../policy/Policy';
import type { Connector, ErasePlan } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import type { DsrLedger } from '../state/DsrLedger';
import type { DsrRequestDoc, DsrTaskDoc } from './DsrRequestDoc';
import { erasureActionFor } from './planTasks';
import type { DsrDeps } from './resolveForDsr';
import type { RetrySettings } from './RetrySettings';
import { taskAfterFailure } from './taskAfterFailure';

/** One erasure of a wave: its request, its tasks as the worker holds them (updated in place), its closure. */
export interface WaveRequest {
  readonly request: DsrRequestDoc;
  readonly tasks: DsrTaskDoc[];
  readonly identities: readonly Identity[];
}

export function erasePlanFor(connector: Connector, policy: Policy, identities: readonly Identity[], now: Date): ErasePlan {
  return {
    identities,
    action: erasureActionFor(connector, policy),
    holds: policy.holds.map((h) => ({ name: h.name, categories: h.categories, years: h.years })),
    now,
  };
}

const isDue = (task: DsrTaskDoc, now: string): boolean => task.action === 'erase' && (task.status === 'PENDING' || task.status === 'IN_PROGRESS') && (!task.notBefore || task.notBefore <= now);

/**
 * The act step of erasures, for a whole wave: per source, one call to plan what is left to plan
 * and one call to erase, for every request of the wave whose task there is due; the sources in
 * parallel. Each request's plan is recorded before anything is erased (the certificate is exact
 * after a crash); each request's outcome is its own (a per-plan Error fails or delays that
 * task alone). Task states go to the ledger grouped (TaskWriteGroups).
 */
export async function eraseWave(options: { deps: DsrDeps; ledger: DsrLedger; owner: string; wave: readonly WaveRequest[]; clock: () => Date; retry: RetrySettings }): Promise<void> {
  await Promise.all(options.deps.connectors.map((c) => eraseAtSource({ ...options, connector: c.inner })));
}

async function eraseAtSource(options: { deps: DsrDeps; ledger: DsrLedger; owner: string; wave: readonly WaveRequest[]; clock: () => Date; retry: RetrySettings; connector: Connector }): Promise<void> {
  const { connector, clock } = options;
  const now = clock();
  const entries = options.wave.flatMap((w) => {
    const index = w.tasks.findIndex((t) => t.source === connector.name);
    const task = w.tasks[index];
    return task && isDue(task, now.toISOString()) ? [{ w, index }] : [];
  });
  if (entries.length === 0) return;
  const taskOf = (e: (typeof entries)[number]) => e.w.tasks[e.index] as DsrTaskDoc;
  const set = (e: (typeof entries)[number], task: DsrTaskDoc) => (e.w.tasks[e.index] = task);
  const save = (list: typeof entries) => Promise.all(list.map((e) => options.ledger.updateTask(e.w.request._id, options.owner, e.index, taskOf(e))));
  const fail = (e: (typeof entries)[number], error: unknown) => set(e, taskAfterFailure(taskOf(e), error, { now: clock(), dueAt: e.w.request.dueAt, retry: options.retry }));
  // Planning reads only: the attempt is recorded with the plans, before anything is erased (a crash
  // while planning plans again). Two ledger writes per source and wave: plans, then outcomes.
  for (const e of entries) set(e, { ...taskOf(e), attempts: taskOf(e).attempts + 1, status: 'IN_PROGRESS', updatedAt: now.toISOString() });
  const planOf = (e: (typeof entries)[number]) => erasePlanFor(connector, options.deps.policy, e.w.identities, now);
  try {
    const unplanned = entries.filter((e) => !taskOf(e).plan);
    if (unplanned.length > 0) {
      const planned = await connector.planEraseMany(unplanned.map(planOf));
      unplanned.forEach((e, k) => {
        const plan = planned[k];
        if (plan === undefined || plan instanceof Error) fail(e, plan ?? new TypeError('expected one plan per request'));
        else set(e, { ...taskOf(e), plan });
      });
    }
    await save(entries);
    const acting = entries.filter((e) => taskOf(e).status === 'IN_PROGRESS' && taskOf(e).plan);
    const erased = acting.length > 0 ? await connector.eraseMany(acting.map(planOf)) : [];
    acting.forEach((e, k) => {
      const result = erased[k];
      if (result === undefined || result instanceof Error) return fail(e, result ?? new TypeError('expected one result per request'));
      const plan = taskOf(e).plan ?? result;
      set(e, { ...taskOf(e), status: 'DONE', records: plan.deleted + plan.depersonalized + plan.retained, lastError: null, notBefore: null, completedAt: clock().toISOString(), updatedAt: clock().toISOString() });
    });
  } catch (error) {
    for (const e of entries) if (taskOf(e).status === 'IN_PROGRESS') fail(e, error);
  }
  await save(entries);
}
