import { enqueueDsrNotices } from '../notices/enqueueDsrNotices';
import type { Identity } from '../sources/Identity';
import type { DsrLedger } from '../state/DsrLedger';
import type { RequestUpdate } from '../state/requestColumns';
import type { DsrRequestDoc } from './DsrRequestDoc';
import type { ClosureState } from './resolveClosures';
import type { DsrDeps } from './resolveForDsr';
import type { RetrySettings } from './RetrySettings';
import type { Verification } from './verifyErasures';
import { VerificationError } from './verifyErasures';

/** Why a request does not act this round, though its closure is complete. */
export interface Refusal {
  /** true: it waits (and fails only when its due date draws near); false: it fails now. */
  readonly wait: boolean;
  /** A fixed description for `lastError`, never a source's own text. */
  readonly reason: string;
}

export interface FinishOptions {
  readonly deps: DsrDeps;
  readonly ledger: DsrLedger;
  /** With its tasks as the act step left them. */
  readonly request: DsrRequestDoc;
  readonly closure: ClosureState;
  /** ERASE with every task done: what the verify step found. */
  readonly verification?: Verification;
  /** RECTIFY: refused right before writing (CONFLICT), or waiting for a source to check against. */
  readonly refusal?: Refusal;
  readonly owner: string;
  readonly now: Date;
  readonly retry: RetrySettings;
}

/**
 * The request's next state after a round: complete it when every task is done (a verified
 * erasure is certified by certifyErasures, with its wave), fail it when a task failed for good,
 * or release it until its next attempt is due. Only completion destroys the request's key: a
 * FAILED request keeps its closure sealed, for retryDsrRequest and for the next request about
 * the subject (see DsrLedger.closuresOf).
 */
export async function finishRequest(options: FinishOptions): Promise<void> {
  const { request, now } = options;
  if (!options.closure.complete) {
    const missing = options.closure.missing.map((s) => (s === '*' ? 'every source' : `"${s}"`)).join(', ');
    return waitOrFail(options, `waiting for ${missing} to answer: the identity closure is incomplete`, sinceCreated(request, now));
  }
  if (options.refusal) return options.refusal.wait ? waitOrFail(options, options.refusal.reason, sinceCreated(request, now)) : fail(options, options.refusal.reason);
  const failed = request.tasks.find((t) => t.status === 'FAILED');
  if (failed) return fail(options, `source "${failed.source}": ${failed.lastError ?? 'failed'}`);
  const open = request.tasks.filter((t) => t.status === 'PENDING' || t.status === 'IN_PROGRESS');
  if (open.length > 0) {
    const next = open.map((t) => t.notBefore ?? now.toISOString()).sort()[0] ?? null;
    await options.ledger.updateOwned(request._id, options.owner, { status: 'IN_PROGRESS', leaseOwner: null, leaseUntil: null, notBefore: next });
    return;
  }
  const completed: RequestUpdate = { status: 'COMPLETED', completedAt: now.toISOString(), leaseOwner: null, leaseUntil: null, lastError: null, notBefore: null, identities: null };
  if (request.callback) completed.callback = { ...request.callback, status: 'PENDING', nextAt: now.toISOString() };
  switch (request.type) {
    case 'ERASE': {
      const verification = options.verification;
      if (verification === undefined) throw new TypeError('expected the verification of an erasure whose tasks are done, got none');
      if (verification instanceof VerificationError) return fail(options, verification.message);
      // A source that cannot be re-read now (down, slow) says nothing about an erasure already
      // carried out: verify again later rather than fail it, while the due date allows.
      if (verification !== null) return waitOrFail(options, `${verification.message}; will retry`, sinceTasksDone(request, now));
      throw new TypeError('expected a verified erasure to go to certifyErasures, got it here');
    }
    case 'RECTIFY': {
      // New emails or phones name the same subject from now on.
      const changes = request.payload.changes ?? {};
      const added: Identity[] = [];
      if (changes.email) added.push({ type: 'EMAIL', value: changes.email });
      if (changes.phone) added.push({ type: 'PHONE', value: changes.phone });
      if (request.subjectId && added.length) await options.deps.registry.ensure(request.subjectId, added);
      // The ledger keeps which fields changed, not the new values: those live in the sources.
      // The input digest stays: a retry with the request's idempotency key is still answered with it.
      completed.payload = { changedFields: Object.keys(changes).sort(), ...(request.payload.inputDigest ? { inputDigest: request.payload.inputDigest } : {}) };
      break;
    }
    case 'EXPORT':
      if (!request.export) return fail(options, 'the export file was not written');
      break;
    default:
  }
  // GDPR art. 19: a rectification, a restriction or its lift reaches every recipient of the subject's data.
  await enqueueDsrNotices(options.deps, [request], now);
  if (!(await options.ledger.updateOwned(request._id, options.owner, completed))) return;
  options.deps.logger.info({ requestId: request._id, type: request.type }, 'dsr request completed');
}

const sinceCreated = (request: DsrRequestDoc, now: Date): number => now.getTime() - Date.parse(request.createdAt);

function sinceTasksDone(request: DsrRequestDoc, now: Date): number {
  const done = request.tasks.map((t) => t.completedAt ?? '').sort().at(-1);
  return done ? now.getTime() - Date.parse(done) : 0;
}

/** Released until a later look, backing off with the time it has waited so far; failed once the due date is too close. */
async function waitOrFail(options: FinishOptions, reason: string, waitedMs: number): Promise<void> {
  const { request, now, retry } = options;
  const wait = Math.min(retry.maxMs, Math.max(retry.initialMs, waitedMs / 2));
  const at = now.getTime() + wait;
  if (at > Date.parse(request.dueAt) - retry.giveUpBeforeDueMs) return fail(options, `${reason}; gave up: the request is due ${request.dueAt}`);
  const notBefore = new Date(at).toISOString();
  await options.ledger.updateOwned(request._id, options.owner, { status: 'IN_PROGRESS', leaseOwner: null, leaseUntil: null, notBefore, lastError: reason });
  options.deps.logger.warn({ requestId: request._id, retryAt: notBefore, reason }, 'dsr request waits');
}

async function fail(options: FinishOptions, lastError: string): Promise<void> {
  const { deps, request, now } = options;
  const set: RequestUpdate = { status: 'FAILED', completedAt: now.toISOString(), leaseOwner: null, leaseUntil: null, notBefore: null, lastError };
  if (request.callback) set.callback = { ...request.callback, status: 'PENDING', nextAt: now.toISOString() };
  if (!(await options.ledger.updateOwned(request._id, options.owner, set))) return;
  // A failed erasure leaves the subject blocked (its data may be half gone) and free for a new request.
  if (request.type === 'ERASE' && request.subjectId) await deps.registry.update(request.subjectId, { erasing: null, blocked: true, blockedReason: 'erasure failed; see request' });
  deps.logger.warn({ requestId: request._id, type: request.type }, 'dsr request failed');
}

/** Destroys held records whose hold has ended. Idempotent; run by the worker's scheduler. */
export async function purgeExpiredHolds(deps: DsrDeps, now: Date): Promise<number> {
  const due = await deps.state.holds.due(now.toISOString(), 500);
  let purged = 0;
  for (const connector of deps.connectors) {
    const ids = due.filter((h) => h.source === connector.name).map((h) => h.recordId);
    if (ids.length === 0) continue;
    purged += (await connector.inner.purgeRecords(ids)).deleted;
    await deps.state.holds.markPurged(connector.name, ids, now.toISOString());
  }
  return purged;
}
