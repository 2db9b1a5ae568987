import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/Caller';
import { ErrorCode, GatewayError, badInput } from '../errors';
import type { Profile } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import { parseSubjectRef } from '../subjects/parseSubjectRef';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import { statusOf } from '../subjects/SubjectState';
import { computeDueAt } from './computeDueAt';
import type { DsrLedger } from '../state/DsrLedger';
import { ACCEPTING } from '../state/DsrLedger';
import type { DsrRequestDoc, DsrType } from './DsrRequestDoc';
import { planTasks } from './planTasks';
import type { DsrDeps } from './resolveForDsr';
import { resolveForDsr } from './resolveForDsr';
import { readCallbackUrl, readChanges, readEraseReason, readIdempotencyKey, readReason } from './validateInput';

export interface EraseInput {
  ref: unknown;
  reason: unknown;
  idempotencyKey?: unknown;
  callbackUrl?: unknown;
}

/** Accepting requests: validate, find the subject, record the request and its tasks. The worker carries them out. */
export class DsrService {
  constructor(
    private readonly deps: DsrDeps,
    readonly ledger: DsrLedger,
    private readonly options: { clock: () => Date; wake: () => void },
  ) {}

  private now(): Date {
    return this.options.clock();
  }

  /** The subject a request is about, or NOT_FOUND: every request names someone a source or the registry knows. */
  private async subjectOf(identity: Identity): Promise<ResolvedSubject> {
    const [subject] = await resolveForDsr(this.deps, [identity]);
    return found(subject ?? null);
  }

  private newDoc(options: { type: DsrType; subject: ResolvedSubject; caller: Caller; reason: string | null; idempotencyKey?: string | null; changes?: Profile }): DsrRequestDoc {
    const id = `dsr_${randomUUID()}`;
    const createdAt = this.now();
    return {
      _id: id,
      type: options.type,
      status: 'PENDING',
      subjectId: options.subject.id,
      identityHashes: options.subject.identities.map((i) => this.deps.pseudonymizer.identityHash(i)),
      identities: [...options.subject.identities],
      identitiesComplete: [...options.subject.records.values()].every((r) => !(r instanceof Error)),
      reason: options.reason,
      client: options.caller.client,
      createdAt: createdAt.toISOString(),
      completedAt: null,
      dueAt: computeDueAt({ createdAt, deadlines: this.deps.policy.deadlines, extended: false }).toISOString(),
      extendedReason: null,
      idempotencyKey: options.idempotencyKey ?? id,
      alreadyErased: false,
      payload: options.changes ? { changes: { ...options.changes } as Record<string, string | null> } : {},
      tasks: planTasks(options.type, this.deps.connectors, options.changes),
      export: null,
      certificate: null,
      callback: null,
      lastError: null,
      leaseOwner: null,
      leaseUntil: null,
      notBefore: null,
    };
  }

  private async record(doc: DsrRequestDoc): Promise<DsrRequestDoc> {
    await this.ledger.insertOrExisting(doc);
    this.options.wake();
    return doc;
  }

  /** `resolved`: the subject as `eraseMany` already resolved it with the rest of its batch. */
  async erase(input: EraseInput, caller: Caller, resolved?: ResolvedSubject | null): Promise<DsrRequestDoc> {
    const identity = parseSubjectRef(input.ref);
    const reason = readEraseReason(input.reason);
    const key = readIdempotencyKey(input.idempotencyKey);
    const callbackUrl = readCallbackUrl(input.callbackUrl, this.deps.config.callbackAllowlist);
    if (key) {
      const existing = await this.ledger.byIdempotencyKey(key);
      if (existing) return this.sameKey(existing, identity);
    }
    const subject = resolved === undefined ? await this.subjectOf(identity) : found(resolved);
    // The registry's state as of now, not as of the resolution: a batch may hold one subject twice.
    const state = await this.deps.registry.ensure(subject.id, subject.identities);
    const doc = this.newDoc({ type: 'ERASE', subject, caller, reason, idempotencyKey: key });
    doc.callback = callbackUrl ? { url: callbackUrl, status: 'PENDING', attempts: 0, nextAt: null, lastError: null } : null;
    if (subject.status === 'ERASED' || statusOf(state) === 'ERASED') {
      // Only keyed hashes are left: the answer is "already erased", itself recorded.
      return this.insertOrSame({ ...doc, status: 'COMPLETED', completedAt: doc.createdAt, alreadyErased: true, identities: null, tasks: doc.tasks.map((t) => ({ ...t, status: 'SKIPPED' as const, action: 'none' })) }, identity);
    }
    // Reserve the request so no worker starts it before the subject is claimed for it.
    const reserved = { ...doc, leaseOwner: ACCEPTING, leaseUntil: new Date(this.now().getTime() + 30_000).toISOString() };
    const inserted = await this.insertOrSame(reserved, identity);
    if (inserted._id !== doc._id) return inserted;
    // Blocked from this moment: the registry marks the subject as being erased by this request.
    const holder = await this.deps.registry.claimErasure(subject.id, doc._id);
    if (holder !== doc._id) {
      await this.ledger.discardReservation(doc._id);
      const open = await this.ledger.get(holder);
      if (open) return open;
    }
    await this.ledger.updateOwned(doc._id, ACCEPTING, { leaseOwner: null, leaseUntil: null });
    this.options.wake();
    return { ...doc };
  }

  /** The same idempotency key always names the same request, and only for the same subject. */
  private async sameKey(existing: DsrRequestDoc, identity: Identity): Promise<DsrRequestDoc> {
    const hash = this.deps.pseudonymizer.identityHash(identity);
    if (!existing.identityHashes.includes(hash)) throw badInput('idempotencyKey: already used for a request about another subject');
    return existing;
  }

  private async insertOrSame(doc: DsrRequestDoc, identity: Identity): Promise<DsrRequestDoc> {
    const recorded = await this.ledger.insertOrExisting(doc);
    return recorded._id === doc._id ? recorded : this.sameKey(recorded, identity);
  }

  /** Up to 100 erasures; all inputs are validated before any is recorded. */
  async eraseMany(inputs: readonly EraseInput[], caller: Caller): Promise<DsrRequestDoc[]> {
    if (inputs.length === 0 || inputs.length > 100) throw badInput(`inputs: expected 1 to 100 erasures, got ${inputs.length}`);
    inputs.forEach((input, i) => {
      try {
        parseSubjectRef(input.ref, `inputs[${i}].ref`);
        readEraseReason(input.reason, `inputs[${i}].reason`);
        readIdempotencyKey(input.idempotencyKey);
        readCallbackUrl(input.callbackUrl, this.deps.config.callbackAllowlist);
      } catch (error) {
        if (error instanceof GatewayError) throw badInput(`inputs[${i}]: ${error.message}`);
        throw error;
      }
    });
    // One resolution for the whole batch (one call per source per round), not one per subject:
    // resolving 100 subjects one by one made accepting a batch cost seconds.
    const subjects = await resolveForDsr(this.deps, inputs.map((input) => parseSubjectRef(input.ref)));
    const out: DsrRequestDoc[] = [];
    for (const [i, input] of inputs.entries()) out.push(await this.erase(input, caller, subjects[i] ?? null));
    return out;
  }

  async block(input: { ref: unknown; reason: unknown }, caller: Caller, unblock: boolean): Promise<DsrRequestDoc> {
    const identity = parseSubjectRef(input.ref);
    const reason = readReason(input.reason);
    const subject = await this.subjectOf(identity);
    const state = await this.deps.registry.ensure(subject.id, subject.identities);
    if (unblock && (state.erasing || state.erasedAt)) throw badInput('ref: the subject is being erased or was erased; its data stays blocked');
    // Effective at the gateway from the next read; the sources follow through the tasks.
    await this.deps.registry.update(subject.id, { blocked: !unblock, blockedReason: unblock ? null : reason });
    return this.record(this.newDoc({ type: unblock ? 'UNBLOCK' : 'BLOCK', subject, caller, reason }));
  }

  async rectify(input: { ref: unknown; changes: unknown; reason?: unknown }, caller: Caller): Promise<DsrRequestDoc> {
    const identity = parseSubjectRef(input.ref);
    const changes = readChanges(input.changes);
    const reason = readReason(input.reason, 'reason', false);
    const subject = await this.subjectOf(identity);
    if (subject.status === 'ERASED') throw badInput('ref: the subject was erased; nothing is left to rectify');
    await this.deps.registry.ensure(subject.id, subject.identities);
    return this.record(this.newDoc({ type: 'RECTIFY', subject, caller, reason, changes }));
  }

  async export(input: { ref: unknown; format?: unknown }, caller: Caller): Promise<DsrRequestDoc> {
    const identity = parseSubjectRef(input.ref);
    if (input.format !== undefined && input.format !== null && input.format !== 'JSON') throw badInput('format: expected JSON');
    const subject = await this.subjectOf(identity);
    await this.deps.registry.ensure(subject.id, subject.identities);
    return this.record(this.newDoc({ type: 'EXPORT', subject, caller, reason: 'data subject access request' }));
  }

  /** 152-FZ art. 20(3): the answer may be extended once, by the configured days, with the reason recorded. */
  async extendDeadline(input: { id: unknown; reason: unknown }): Promise<DsrRequestDoc> {
    const reason = readReason(input.reason);
    const doc = typeof input.id === 'string' ? await this.ledger.get(input.id) : null;
    if (!doc) throw new GatewayError(ErrorCode.NOT_FOUND, 'no such request');
    if (doc.extendedReason) throw badInput('id: the deadline of this request was already extended once');
    if (doc.status === 'COMPLETED' || doc.status === 'FAILED') throw badInput('id: the request is finished');
    if (!this.deps.policy.deadlines.fz152?.extensionWorkingDays) throw badInput('id: the configured deadlines allow no extension');
    const dueAt = computeDueAt({ createdAt: new Date(doc.createdAt), deadlines: this.deps.policy.deadlines, extended: true }).toISOString();
    await this.ledger.update(doc._id, { dueAt, extendedReason: reason });
    return { ...doc, dueAt, extendedReason: reason };
  }
}

function found(subject: ResolvedSubject | null): ResolvedSubject {
  if (!subject) throw new GatewayError(ErrorCode.NOT_FOUND, 'no source knows this subject');
  return subject;
}
