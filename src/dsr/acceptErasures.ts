import type { Caller } from '../auth/Caller';
import { ErrorCode, GatewayError, badInput } from '../errors';
import type { Identity } from '../sources/Identity';
import { identityKey } from '../sources/Identity';
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
  readonly receivedAt?: Date | null;
  /** As resolved with the rest of a batch; undefined: resolved here, and only if its key is new. */
  readonly subject?: ResolvedSubject | null;
}

/** Every request names someone a source or the registry knows. */
function found(subject: ResolvedSubject | null | undefined): ResolvedSubject {
  if (!subject) throw new GatewayError(ErrorCode.NOT_FOUND, 'no source knows this subject');
  return subject;
}

/** The same idempotency key always names the same request, and only an erasure of the same subject. */
function sameKey(deps: DsrDeps, existing: DsrRequestDoc, identity: Identity): DsrRequestDoc {
  if (existing.type !== 'ERASE') throw badInput('idempotencyKey: already used for a different request; expected the same input as the first time, or a new key');
  if (!existing.identityHashes.includes(deps.pseudonymizer.identityHash(identity))) throw badInput('idempotencyKey: already used for a request about another subject');
  return existing;
}

/** The batch as it is worked through: each input is answered once, in input order. */
interface Batch {
  readonly items: readonly ErasureToAccept[];
  readonly results: Array<DsrRequestDoc | undefined>;
  /** Inputs that need a request of their own. */
  readonly pending: number[];
  /** Inputs answered by an earlier input's request: the same key, or the same subject. */
  readonly follows: Array<{ index: number; of: number; sameKey: boolean }>;
}

type Options = { deps: DsrDeps; ledger: DsrLedger; caller: Caller; items: readonly ErasureToAccept[]; now: Date };
type Planned = { index: number; doc: DsrRequestDoc; erased: boolean };

const itemAt = (batch: Batch, index: number): ErasureToAccept => batch.items[index] as ErasureToAccept;

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
export async function acceptErasures(options: Options): Promise<DsrRequestDoc[]> {
  const batch = await answerKnownKeys(options);
  const subjects = await subjectsOf(options, batch);
  const planned = await planRequests(options, batch, subjects);
  const claims = await recordRequests(options, batch, planned);
  await claimSubjects(options, batch, claims);
  for (const { index, of, sameKey: byKey } of batch.follows) {
    const first = batch.results[of] as DsrRequestDoc;
    batch.results[index] = byKey ? sameKey(options.deps, first, itemAt(batch, index).identity) : first;
  }
  return batch.results as DsrRequestDoc[];
}

/** A key used before names its request, for its subject only; a key given twice in the batch, the first's. */
async function answerKnownKeys(options: Options): Promise<Batch> {
  const { items } = options;
  const batch: Batch = { items, results: new Array(items.length), pending: [], follows: [] };
  const known = await options.ledger.byIdempotencyKeys(items.flatMap((item) => (item.key ? [item.key] : [])));
  const firstWithKey = new Map<string, number>();
  items.forEach((item, index) => {
    const existing = item.key ? known.get(item.key) : undefined;
    if (existing) batch.results[index] = sameKey(options.deps, existing, item.identity);
    else if (item.key && firstWithKey.has(item.key)) batch.follows.push({ index, of: firstWithKey.get(item.key) as number, sameKey: true });
    else {
      if (item.key) firstWithKey.set(item.key, index);
      batch.pending.push(index);
    }
  });
  return batch;
}

/** The subject of each pending input (resolved here when the caller did not); NOT_FOUND refuses the batch. */
async function subjectsOf(options: Options, batch: Batch): Promise<Map<number, ResolvedSubject>> {
  const { deps } = options;
  const unresolved = batch.pending.filter((i) => itemAt(batch, i).subject === undefined);
  const resolved = unresolved.length ? await resolveForDsr(deps, unresolved.map((i) => itemAt(batch, i).identity)) : [];
  const subjects = new Map(batch.pending.map((i) => [i, found(itemAt(batch, i).subject === undefined ? resolved[unresolved.indexOf(i)] : itemAt(batch, i).subject)]));
  // A key given twice in the batch for two subjects is refused now, before anything is recorded.
  for (const { index, of } of batch.follows) {
    const hashes = (subjects.get(of) as ResolvedSubject).identities.map((i) => deps.pseudonymizer.identityHash(i));
    if (!hashes.includes(deps.pseudonymizer.identityHash(itemAt(batch, index).identity))) throw badInput('idempotencyKey: already used for a request about another subject');
  }
  return subjects;
}

/** One request per subject: "already erased" when it was, otherwise reserved for acceptance. */
async function planRequests(options: Options, batch: Batch, subjects: Map<number, ResolvedSubject>): Promise<Planned[]> {
  const { deps, now } = options;
  // The registry's states as of now, not as of the resolution.
  const states = await deps.registry.ensureMany(batch.pending.map((i) => ({ id: (subjects.get(i) as ResolvedSubject).id, identities: (subjects.get(i) as ResolvedSubject).identities })));
  // What an unfinished request about the subject still knows (a failed erasure may have destroyed the only link to an identity).
  const known = await options.ledger.closuresOf(batch.pending.map((i) => (subjects.get(i) as ResolvedSubject).id));
  const planned: Planned[] = [];
  const firstForSubject = new Map<string, number>();
  batch.pending.forEach((index, k) => {
    const item = itemAt(batch, index);
    const resolved = subjects.get(index) as ResolvedSubject;
    const subject = withIdentities(resolved, known.get(resolved.id) ?? []);
    const doc = newRequestDoc(deps, { type: 'ERASE', subject, caller: options.caller, reason: item.reason, idempotencyKey: item.key, createdAt: now, receivedAt: item.receivedAt });
    // An identity the sources no longer link is resolved from again before anything is acted on.
    if (subject.identities.length > resolved.identities.length) doc.identitiesComplete = false;
    doc.callback = item.callbackUrl ? { url: item.callbackUrl, status: 'PENDING', attempts: 0, nextAt: null, lastError: null } : null;
    if (subject.status === 'ERASED' || statusOf(states[k]) === 'ERASED') {
      // Only keyed hashes are left: the answer is "already erased", itself recorded.
      planned.push({ index, erased: true, doc: { ...doc, status: 'COMPLETED', completedAt: doc.createdAt, alreadyErased: true, identities: null, tasks: doc.tasks.map((t) => ({ ...t, status: 'SKIPPED' as const, action: 'none' })) } });
    } else if (firstForSubject.has(subject.id)) batch.follows.push({ index, of: firstForSubject.get(subject.id) as number, sameKey: false });
    else {
      firstForSubject.set(subject.id, index);
      planned.push({ index, erased: false, doc: { ...doc, leaseOwner: ACCEPTING, leaseUntil: new Date(now.getTime() + deps.config.dsrLeaseMs).toISOString() } });
    }
  });
  return planned;
}

/** The subject with the identities an unfinished request still holds added (each once). */
export function withIdentities(subject: ResolvedSubject, more: readonly Identity[]): ResolvedSubject {
  if (more.length === 0) return subject;
  return { ...subject, identities: [...new Map([...subject.identities, ...more].map((i) => [identityKey(i), i])).values()] };
}

/** Records the planned requests; returns the reserved ones, whose subjects are to be claimed. */
async function recordRequests(options: Options, batch: Batch, planned: readonly Planned[]): Promise<Planned[]> {
  const recorded = await options.ledger.insertManyOrExisting(planned.map((p) => p.doc));
  const claims: Planned[] = [];
  planned.forEach((p, k) => {
    const stored = recorded[k] as DsrRequestDoc;
    // A concurrent request took the key meanwhile: its request is the answer.
    if (stored._id !== p.doc._id) batch.results[p.index] = sameKey(options.deps, stored, itemAt(batch, p.index).identity);
    else if (p.erased) batch.results[p.index] = p.doc;
    else claims.push(p);
  });
  return claims;
}

/** Blocked from this moment: the registry marks each subject as being erased by its request. */
async function claimSubjects(options: Options, batch: Batch, claims: readonly Planned[]): Promise<void> {
  const { ledger } = options;
  const subjectOf = (p: Planned): string => p.doc.subjectId as string;
  const holders = await options.deps.registry.claimErasures(claims.map((p) => ({ subjectId: subjectOf(p), requestId: p.doc._id })));
  const lost = claims.filter((p) => holders.get(subjectOf(p)) !== p.doc._id);
  const holding = await ledger.getMany(lost.map((p) => holders.get(subjectOf(p)) as string));
  const discarded = new Set<string>();
  for (const p of lost) {
    const holder = holding.get(holders.get(subjectOf(p)) as string);
    // A holder with no request left is a claim cut off before its request was recorded: this one goes ahead.
    if (!holder) continue;
    batch.results[p.index] = holder;
    discarded.add(p.doc._id);
  }
  await ledger.discardReservations([...discarded]);
  const released = claims.filter((p) => !discarded.has(p.doc._id));
  await ledger.releaseReservations(released.map((p) => p.doc._id));
  for (const p of released) batch.results[p.index] = { ...p.doc, leaseOwner: null, leaseUntil: null };
}
