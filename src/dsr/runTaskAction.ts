import type { Policy } from '../policy/Policy';
import type { Connector, EraseResult, ErasePlan, Profile } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import type { DsrRequestDoc, DsrTaskDoc } from './DsrRequestDoc';
import { erasureActionFor } from './planTasks';

export interface TaskOutcome {
  records: number;
  /** ERASE: the plan recorded before acting (kept from an earlier attempt if there was one). */
  plan?: EraseResult;
}

export function erasePlanFor(connector: Connector, policy: Policy, identities: readonly Identity[], now: Date): ErasePlan {
  return {
    identities,
    action: erasureActionFor(connector, policy),
    holds: policy.holds.map((h) => ({ name: h.name, categories: h.categories, years: h.years })),
    now,
  };
}

/**
 * One source action of a request. Every action is idempotent, because the worker may run it
 * again after a crash: restricting twice leaves one restriction, a second erase finds nothing.
 * For an erasure, `recordPlan` persists what the source will do before it does it.
 */
export async function runTaskAction(options: {
  connector: Connector;
  task: DsrTaskDoc;
  request: DsrRequestDoc;
  identities: readonly Identity[];
  policy: Policy;
  now: Date;
  recordPlan: (plan: EraseResult) => Promise<void>;
}): Promise<TaskOutcome> {
  const { connector, task, identities } = options;
  const subject = { identities };
  switch (task.action) {
    case 'restrict':
    case 'unrestrict':
      return { records: (await connector.restrict(subject, task.action === 'restrict')).records };
    case 'rectify':
    case 'annotate':
      return { records: (await connector.rectify(subject, (options.request.payload.changes ?? {}) as Profile)).records };
    case 'erase': {
      const plan = erasePlanFor(connector, options.policy, identities, options.now);
      const recorded = task.plan ?? (await connector.planErase(plan));
      if (!task.plan) await options.recordPlan(recorded);
      await connector.erase(plan);
      return { records: recorded.deleted + recorded.depersonalized + recorded.retained, plan: recorded };
    }
    default:
      throw new TypeError(`expected a task action the worker runs here, got "${task.action}"`);
  }
}
