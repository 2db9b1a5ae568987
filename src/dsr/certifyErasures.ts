import type { DsrLedger } from '../state/DsrLedger';
import type { DsrRequestDoc, ErasureCertificateDoc } from './DsrRequestDoc';
import { enqueueDsrNotices } from '../notices/enqueueDsrNotices';
import { issueDestructionActs } from './issueDestructionAct';
import type { DsrDeps } from './resolveForDsr';
import { removeExport } from './writeExport';

/**
 * The certify step, for a wave of verified erasures: held records registered for their purge,
 * the subjects marked erased (only now: "already erased" is answered for no one whose every
 * source has not confirmed), copies made for earlier access requests removed, the recipients'
 * notices stored in the outbox, then every request completed with its certificate and its key destroyed — a statement per step for the
 * whole wave. A crash between steps redoes them all (each is idempotent): the request is still
 * open, and verifies again.
 */
export async function certifyErasures(options: { deps: DsrDeps; ledger: DsrLedger; owner: string; now: Date; requests: readonly DsrRequestDoc[] }): Promise<void> {
  const { deps, ledger, owner, now } = options;
  if (options.requests.length === 0) return;
  const finishing = await ledger.renewToFinishErasures(options.requests.map((r) => r._id), owner, new Date(now.getTime() + deps.config.dsrLeaseMs).toISOString());
  const held = options.requests.filter((r) => finishing.has(r._id));
  for (const request of held) await recordHolds(deps, request);
  await deps.registry.markErasedMany(held.flatMap((r) => (r.subjectId ? [r.subjectId] : [])), now.toISOString());
  // The completion below stops the ledger offering these files (removed again if cut off between).
  for (const exports of finishing.values()) for (const id of exports) await removeExport(deps.config.dataDir, id);
  // GDPR art. 19: each recipient of the subject's data is owed a notice; the act names them.
  const notified = await enqueueDsrNotices(deps, held, now);
  const certificates = await issueDestructionActs({ deps, requests: held, performedBy: owner, now, recipientsNotified: notified });
  const acts = held.map((request, i) => ({ id: request._id, certificate: certificates[i] as ErasureCertificateDoc }));
  const completed = await ledger.completeErasures(owner, now.toISOString(), acts);
  if (completed.length === 0) return;
  // The rows just cleared (identities, consents) leave their old versions in the embedded state's files:
  // the next round of the state's reclaim (spaced, shared by the waves meanwhile, run at close at the
  // latest) rewrites them away. The wave does not wait for it. Completed either way: a reclaim that
  // fails now is redone by the next wave's.
  void deps.state.reclaim().catch((error: unknown) => deps.logger.warn({ err: error }, 'state reclaim after erasure failed'));
  deps.logger.info({ requests: completed.length }, 'dsr erasures completed');
}

/** Records kept under a legal hold, so the scheduler destroys them when the hold ends. */
async function recordHolds(deps: DsrDeps, request: DsrRequestDoc): Promise<void> {
  // A record kept because other people's records reach it (until null, "shared") has no end: it is not this subject's to destroy.
  const held = request.tasks.flatMap((task) => (task.plan?.retainedRecords ?? []).flatMap((r) => (r.until === null ? [] : [{ source: task.source, recordId: r.id, until: r.until, hold: r.hold }])));
  await deps.state.holds.record(request._id, held);
}
