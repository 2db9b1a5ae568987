import { TimeoutStrategy, timeout } from 'cockatiel';
import type { Caller } from '../auth/Caller';
import type { Identity } from '../sources/Identity';
import type { SubjectStatus } from '../subjects/SubjectState';
import { statusOf } from '../subjects/SubjectState';
import { withIdentities } from './acceptErasures';
import { erasePlanFor } from './eraseWave';
import type { ErasurePlanActionDoc } from './erasurePlanActions';
import { erasurePlanActions, restrictedActions } from './erasurePlanActions';
import { newRequestDoc } from './newRequestDoc';
import { resolveClosures } from './resolveClosures';
import type { DsrDeps } from './resolveForDsr';
import { resolveForDsr } from './resolveForDsr';

export interface ErasurePlanSourceDoc {
  readonly source: string;
  readonly reachable: boolean;
  /** A fixed description, never the source's own text. */
  readonly error: string | null;
  readonly note: string | null;
  readonly actions: ErasurePlanActionDoc[];
}

export interface ErasurePlanDoc {
  readonly subjectId: string;
  readonly status: SubjectStatus;
  /** Every source answered: the plan is what an erasure accepted now would do. */
  readonly complete: boolean;
  readonly plannedAt: string;
  /** An erasure of the subject already open: `eraseSubject` would answer with it. */
  readonly openErasure: string | null;
  readonly sources: ErasurePlanSourceDoc[];
}

const DID_NOT_ANSWER = 'did not answer: what it holds of the subject is unknown; an erasure would wait for it';

/**
 * The erasure plan (`erasurePlan`, a dry run): what an erasure accepted now would do, per source
 * and collection, by the worker's own steps — the request as acceptance would record it
 * (newRequestDoc: its tasks by planTasks; the identities unfinished requests still hold), its
 * closure as the plan step resolves it (resolveClosures), and each source's `planEraseMany` of
 * the plan eraseWave would send (erasePlanFor: the policy's action and holds). Reads only: the
 * ledger, the registry and the sources are not written. A source that does not answer is named
 * as such, with no actions, rather than guessed at. Null when no source knows the subject.
 *
 * An officer waits for the answer at the console, so every source call has the read path's
 * timeout (SOURCE_TIMEOUT_MS): the resolutions go through the guarded connectors (timeout and
 * circuit, as a read), not the worker's patient ones, and each `planEraseMany` is given up after
 * it; a source past it is `reachable: false`, the plan not complete.
 */
export async function planErasure(options: { deps: DsrDeps; identity: Identity; caller: Caller; now: Date }): Promise<ErasurePlanDoc | null> {
  const { now } = options;
  const deps: DsrDeps = { ...options.deps, connectors: options.deps.connectors.map((c) => ({ ...c, inner: c })) };
  const planWithin = timeout(deps.config.sourceTimeoutMs, TimeoutStrategy.Aggressive);
  const [resolved] = await resolveForDsr(deps, [options.identity]);
  if (!resolved) return null;
  const state = await deps.registry.get(resolved.id);
  const base = { subjectId: resolved.id, plannedAt: now.toISOString(), openErasure: state?.erasing ?? null };
  // An erasure now would answer "already erased" and do nothing.
  if (resolved.status === 'ERASED' || statusOf(state) === 'ERASED') return { ...base, status: 'ERASED', complete: true, sources: [] };
  const known = await deps.state.ledger.closuresOf([resolved.id]);
  const subject = withIdentities(resolved, known.get(resolved.id) ?? []);
  const request = newRequestDoc(deps, { type: 'ERASE', subject, caller: options.caller, reason: null, createdAt: now });
  if (subject.identities.length > resolved.identities.length) request.identitiesComplete = false;
  const closure = (await resolveClosures(deps, [request])).get(request._id);
  if (!closure) throw new TypeError('expected a closure for the planned request, got none');
  const down = new Set([...closure.missing, ...[...resolved.records].flatMap(([source, records]) => (records instanceof Error ? [source] : []))]);
  const sources = await Promise.all(request.tasks.map(async (task): Promise<ErasurePlanSourceDoc> => {
    // The source's own connector for planning: what eraseWave would ask (the guard passes on only what reads need).
    const connector = options.deps.connectors.find((c) => c.name === task.source)?.inner;
    if (!connector) throw new TypeError(`expected a connector named "${task.source}", got none`);
    const unreachable = { source: task.source, reachable: false, error: `source "${task.source}" ${DID_NOT_ANSWER}`, note: null, actions: [] };
    if (down.has(task.source) || down.has('*')) return unreachable;
    if (task.action === 'none') {
      const records = resolved.records.get(task.source);
      return { source: task.source, reachable: true, error: null, note: 'this source can neither delete nor depersonalize: an erasure skips it', actions: restrictedActions(Array.isArray(records) ? records : []) };
    }
    const [result] = await planWithin.execute(() => connector.planEraseMany([erasePlanFor(connector, deps.policy, closure.identities, now)])).catch(() => [undefined]);
    if (result === undefined) return unreachable;
    // A plan the engine refuses for this subject alone: the erasure's task there would fail the same way.
    if (result instanceof Error) return { ...unreachable, error: `source "${task.source}" refused to plan the erasure of this subject: an erasure would fail there` };
    const actions = erasurePlanActions(result, { holds: deps.policy.holds, keptWhenDepersonalized: connector.keptWhenDepersonalized ?? [] });
    return { source: task.source, reachable: true, error: null, note: actions.length === 0 ? 'holds nothing of the subject' : null, actions };
  }));
  return { ...base, status: resolved.status, complete: closure.complete && sources.every((s) => s.reachable), sources };
}
