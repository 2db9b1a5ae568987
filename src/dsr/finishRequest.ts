import type { Identity } from '../sources/Identity';
import type { DsrLedger } from '../state/DsrLedger';
import type { DsrRequestDoc } from './DsrRequestDoc';
import { verifyErasure } from './finishErasure';
import { issueDestructionAct } from './issueDestructionAct';
import type { DsrDeps } from './resolveForDsr';
import { removeExport } from './writeExport';

/**
 * After a round of tasks: complete the request when every task is done (an erasure only after
 * verification), fail it when a task failed for good, or release it until its next attempt is due.
 */
export async function finishRequest(options: { deps: DsrDeps; ledger: DsrLedger; request: DsrRequestDoc; identities: Identity[]; owner: string; now: Date }): Promise<void> {
  const { deps, ledger, request, now } = options;
  const failed = request.tasks.find((t) => t.status === 'FAILED');
  const open = request.tasks.filter((t) => t.status === 'PENDING' || t.status === 'IN_PROGRESS');
  if (failed) return fail(options, `source "${failed.source}": ${failed.lastError ?? 'failed'}`);
  if (open.length > 0) {
    const next = open.map((t) => t.notBefore ?? now.toISOString()).sort()[0] ?? null;
    await ledger.updateOwned(request._id, options.owner, { status: 'IN_PROGRESS', leaseOwner: null, leaseUntil: null, notBefore: next });
    return;
  }
  const completed: Partial<DsrRequestDoc> = { status: 'COMPLETED', completedAt: now.toISOString(), leaseOwner: null, leaseUntil: null, lastError: null };
  if (request.callback) completed.callback = { ...request.callback, status: 'PENDING', nextAt: now.toISOString() };
  switch (request.type) {
    case 'ERASE': {
      try {
        await verifyErasure(deps, request, options.identities);
      } catch (error) {
        if (error instanceof Error && error.name === 'VerificationError') return fail(options, error.message);
        // A source that cannot be re-read now (down, slow) says nothing about an erasure already
        // carried out: verify again later rather than fail it, until the request is due.
        if (now.toISOString() < request.dueAt) return verifyLater(options);
        return fail(options, 'verification could not re-read every source');
      }
      const certificate = await issueDestructionAct({ deps, request, performedBy: options.owner, now });
      const finishing = await ledger.renewToFinishErasure(request._id, options.owner, new Date(now.getTime() + 30_000).toISOString());
      if (!finishing) return;
      await recordHolds(deps, request);
      if (request.subjectId) await deps.registry.markErased(request.subjectId, now.toISOString());
      // A copy made for an earlier access request must not outlive the erasure: its file goes
      // now, and the completion below stops the ledger offering it (redone if cut off between).
      for (const id of finishing.exports) await removeExport(deps.config.dataDir, id);
      // From here on only keyed hashes of the identities remain.
      Object.assign(completed, { certificate, identities: null });
      break;
    }
    case 'RECTIFY': {
      // New emails or phones name the same subject from now on.
      const changes = request.payload.changes ?? {};
      const added: Identity[] = [];
      if (changes.email) added.push({ type: 'EMAIL', value: changes.email });
      if (changes.phone) added.push({ type: 'PHONE', value: changes.phone });
      if (request.subjectId && added.length) await deps.registry.ensure(request.subjectId, added);
      // The ledger keeps which fields changed, not the new values: those live in the sources.
      Object.assign(completed, { identities: null, payload: { changedFields: Object.keys(changes).sort() } });
      break;
    }
    case 'EXPORT':
      if (!request.export) return fail(options, 'the export file was not written');
      Object.assign(completed, { identities: null });
      break;
    default:
      Object.assign(completed, { identities: null });
  }
  if (!(await ledger.updateOwned(request._id, options.owner, completed, { dropExportsOf: request.type === 'ERASE' ? (request.subjectId ?? undefined) : undefined }))) return;
  // The rows just cleared (identities, consents) leave their old versions in the embedded state's files.
  // Completed either way: a reclaim that fails now is redone by the next erasure's.
  if (request.type === 'ERASE') await deps.state.reclaim().catch((error: unknown) => deps.logger.warn({ err: error, requestId: request._id }, 'state reclaim after erasure failed'));
  deps.logger.info({ requestId: request._id, type: request.type }, 'dsr request completed');
}

/** Releases the request until its next verification, backing off with the time since its tasks finished. */
async function verifyLater(options: { deps: DsrDeps; ledger: DsrLedger; request: DsrRequestDoc; owner: string; now: Date }): Promise<void> {
  const { request, now } = options;
  const tasksDone = request.tasks.map((t) => t.completedAt ?? '').sort().at(-1);
  const since = tasksDone ? now.getTime() - Date.parse(tasksDone) : 0;
  const wait = Math.min(300_000, Math.max(1000, since / 2));
  const notBefore = new Date(now.getTime() + wait).toISOString();
  await options.ledger.updateOwned(request._id, options.owner, { status: 'IN_PROGRESS', leaseOwner: null, leaseUntil: null, notBefore, lastError: 'verification could not re-read every source; will retry' });
  options.deps.logger.warn({ requestId: request._id, retryAt: notBefore }, 'dsr erasure verification deferred: a source could not be re-read');
}

async function fail(options: { deps: DsrDeps; ledger: DsrLedger; request: DsrRequestDoc; owner: string; now: Date }, lastError: string): Promise<void> {
  const { deps, ledger, request, now } = options;
  // A finished request keeps no identities in clear, failed or not: a new request resolves them again.
  const set: Partial<DsrRequestDoc> = { status: 'FAILED', completedAt: now.toISOString(), leaseOwner: null, leaseUntil: null, lastError, identities: null };
  if (request.type === 'RECTIFY') set.payload = { changedFields: Object.keys(request.payload.changes ?? {}).sort() };
  if (request.callback) set.callback = { ...request.callback, status: 'PENDING', nextAt: now.toISOString() };
  if (!(await ledger.updateOwned(request._id, options.owner, set))) return;
  // A failed erasure leaves the subject blocked (its data may be half gone) and free for a new request.
  if (request.type === 'ERASE' && request.subjectId) await deps.registry.update(request.subjectId, { erasing: null, blocked: true, blockedReason: 'erasure failed; see request' });
  deps.logger.warn({ requestId: request._id, type: request.type }, 'dsr request failed');
}

/** Records kept under a legal hold, so the scheduler destroys them when the hold ends. */
async function recordHolds(deps: DsrDeps, request: DsrRequestDoc): Promise<void> {
  // A record kept because other people's records reach it (until null, "shared") has no end: it is not this subject's to destroy.
  const held = request.tasks.flatMap((task) => (task.plan?.retainedRecords ?? []).flatMap((r) => (r.until === null ? [] : [{ source: task.source, recordId: r.id, until: r.until, hold: r.hold }])));
  await deps.state.holds.record(request._id, held);
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
