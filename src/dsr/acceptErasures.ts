import type { Caller } from '../auth/Caller';
import { ErrorCode, GatewayError, badInput } from '../errors';
import type { Identity } from '../sources/Identity';
import type { DsrLedger } from '../state/DsrLedger';
import { ACCEPTING } from '../state/DsrLedger';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import { statusOf } from '../subjects/SubjectState';
import type { DsrRequestDoc } from './DsrRequestDoc';
import { newRequestDoc } from './newRequestDoc';
import type { DsrDeps } from './resolveForDsr';
import { resolveForDsr } from './resolveForDsr';

/** One validated erasure to accept. */
export interface ErasureToAccept {
  readonly identity: Identity;
  readonly reason: string;
  readonly key: string | null;
  readonly callbackUrl: string | null;
  /** As resolved with the rest of a batch; undefined: resolved here, and only if its key is new. */
  readonly subject?: ResolvedSubject | null;
}

/** Every request names someone a source or the registry knows. */
function found(subject: ResolvedSubject | null | undefined): ResolvedSubject {
  if (!subject) throw new GatewayError(ErrorCode.NOT_FOUND, 'no source knows this subject');
  return subject;
}

/** The same idempotency key always names the same request, and only for the same subject. */
function sameKey(deps: DsrDeps, existing: DsrRequestDoc, identity: Identity): DsrRequestDoc {
  if (!existing.identityHashes.includes(deps.pseudonymizer.identityHash(identity))) throw badInput('idempotencyKey: already used for a request about another subject');
  return existing;
}

/**
 * Accepts a batch of erasures with a fixed number of statements, whatever its size: known keys
 * are looked up together, the subjects' states ensured together, the requests recorded together
 * (reserved: no worker starts one before its subject is claimed for it), the subjects claimed
 * together, then the reservations released. Answers in input order. An input whose key was used
 * before answers with that request; one naming a subject an earlier input of the batch (or a
 * concurrent request) is erasing answers with that erasure; a subject already erased gets a
 * request completed as "already erased". A refusal (NOT_FOUND, a key of another subject) refuses
 * the whole batch before anything is recorded.
 */
export async function acceptErasures(options: { deps: DsrDeps; ledger: DsrLedger; caller: Caller; items: readonly ErasureToAccept[]; now: Date }): Promise<DsrRequestDoc[]> {
  const { deps, ledger, items, now } = options;
  const results: Array<DsrRequestDoc | undefined> = new Array(items.length);
  const known = await ledger.byIdempotencyKeys(items.flatMap((item) => (item.key ? [item.key] : [])));
  const pending: number[] = [];
  const follows: Array<{ index: number; of: number; sameKey: boolean }> = [];
  const firstWithKey = new Map<string, number>();
  items.forEach((item, index) => {
    const existing = item.key ? known.get(item.key) : undefined;
    if (existing) results[index] = sameKey(deps, existing, item.identity);
    else if (item.key && firstWithKey.has(item.key)) follows.push({ index, of: firstWithKey.get(item.key) as number, sameKey: true });
    else {
      if (item.key) firstWithKey.set(item.key, index);
      pending.push(index);
    }
  });
  const unresolved = pending.filter((i) => items[i]?.subject === undefined);
  const resolved = unresolved.length ? await resolveForDsr(deps, unresolved.map((i) => (items[i] as ErasureToAccept).identity)) : [];
  const subjects = new Map(pending.map((i) => [i, found(items[i]?.subject === undefined ? resolved[unresolved.indexOf(i)] : items[i]?.subject)]));
  // A key given twice in the batch for two subjects is refused now, before anything is recorded.
  for (const { index, of } of follows) {
    const hashes = (subjects.get(of) as ResolvedSubject).identities.map((i) => deps.pseudonymizer.identityHash(i));
    if (!hashes.includes(deps.pseudonymizer.identityHash((items[index] as ErasureToAccept).identity))) throw badInput('idempotencyKey: already used for a request about another subject');
  }
  // The registry's states as of now, not as of the resolution.
  const states = await deps.registry.ensureMany(pending.map((i) => ({ id: (subjects.get(i) as ResolvedSubject).id, identities: (subjects.get(i) as ResolvedSubject).identities })));

  const docs: Array<{ index: number; doc: DsrRequestDoc; erased: boolean }> = [];
  const firstForSubject = new Map<string, number>();
  pending.forEach((index, k) => {
    const item = items[index] as ErasureToAccept;
    const subject = subjects.get(index) as ResolvedSubject;
    const doc = newRequestDoc(deps, { type: 'ERASE', subject, caller: options.caller, reason: item.reason, idempotencyKey: item.key, createdAt: now });
    doc.callback = item.callbackUrl ? { url: item.callbackUrl, status: 'PENDING', attempts: 0, nextAt: null, lastError: null } : null;
    if (subject.status === 'ERASED' || statusOf(states[k]) === 'ERASED') {
      // Only keyed hashes are left: the answer is "already erased", itself recorded.
      docs.push({ index, erased: true, doc: { ...doc, status: 'COMPLETED', completedAt: doc.createdAt, alreadyErased: true, identities: null, tasks: doc.tasks.map((t) => ({ ...t, status: 'SKIPPED' as const, action: 'none' })) } });
    } else if (firstForSubject.has(subject.id)) follows.push({ index, of: firstForSubject.get(subject.id) as number, sameKey: false });
    else {
      firstForSubject.set(subject.id, index);
      docs.push({ index, erased: false, doc: { ...doc, leaseOwner: ACCEPTING, leaseUntil: new Date(now.getTime() + 30_000).toISOString() } });
    }
  });

  const recorded = await ledger.insertManyOrExisting(docs.map((d) => d.doc));
  const claims: Array<{ index: number; doc: DsrRequestDoc }> = [];
  docs.forEach(({ index, doc, erased }, k) => {
    const stored = recorded[k] as DsrRequestDoc;
    // A concurrent request took the key meanwhile: its request is the answer.
    if (stored._id !== doc._id) results[index] = sameKey(deps, stored, (items[index] as ErasureToAccept).identity);
    else if (erased) results[index] = doc;
    else claims.push({ index, doc });
  });
  // Blocked from this moment: the registry marks each subject as being erased by its request.
  const holders = await deps.registry.claimErasures(claims.map(({ doc }) => ({ subjectId: doc.subjectId as string, requestId: doc._id })));
  const lost = claims.filter(({ doc }) => holders.get(doc.subjectId as string) !== doc._id);
  const holding = await ledger.getMany(lost.map(({ doc }) => holders.get(doc.subjectId as string) as string));
  const discarded = new Set<string>();
  for (const { index, doc } of lost) {
    const holder = holding.get(holders.get(doc.subjectId as string) as string);
    // A holder with no request left is a claim cut off before its request was recorded: this one goes ahead.
    if (!holder) continue;
    results[index] = holder;
    discarded.add(doc._id);
  }
  await ledger.discardReservations([...discarded]);
  const released = claims.filter(({ doc }) => !discarded.has(doc._id));
  await ledger.releaseReservations(released.map(({ doc }) => doc._id));
  for (const { index, doc } of released) results[index] = { ...doc, leaseOwner: null, leaseUntil: null };
  for (const { index, of, sameKey: byKey } of follows) {
    const first = results[of] as DsrRequestDoc;
    results[index] = byKey ? sameKey(deps, first, (items[index] as ErasureToAccept).identity) : first;
  }
  return results as DsrRequestDoc[];
}
