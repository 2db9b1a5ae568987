import type { Caller } from '../auth/Caller';
import { ErrorCode, GatewayError, badInput } from '../errors';
import type { Identity } from '../sources/Identity';
import { readCallbackUrl } from '../input/readCallbackUrl';
import { readChanges } from '../input/readChanges';
import { readIdempotencyKey } from '../input/readIdempotencyKey';
import type { RequestKey } from './keyedRequest';
import { readRequestKey, sameRequest } from './keyedRequest';
import { scopeIdempotencyKey } from '../input/scopeIdempotencyKey';
import { readIdentityRef } from '../input/readIdentityRef';
import { readEraseReason, readReason } from '../input/readReason';
import { readText } from '../input/readText';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import type { DsrLedger } from '../state/DsrLedger';
import type { ErasureToAccept } from './acceptErasures';
import { acceptErasures } from './acceptErasures';
import { assertIdentitiesFree } from './assertIdentitiesFree';
import { computeDueAt } from './computeDueAt';
import type { DsrRequestDoc, DsrType } from './DsrRequestDoc';
import type { NewRequest } from './newRequestDoc';
import { newRequestDoc } from './newRequestDoc';
import type { DsrDeps } from './resolveForDsr';
import { resolveForDsr } from './resolveForDsr';
import { readReceivedAt } from '../input/readReceivedAt';

/** Every request input may carry the caller's idempotency key. */
export interface KeyedInput {
  idempotencyKey?: unknown;
}

export interface EraseInput {
  ref: unknown;
  reason: unknown;
  idempotencyKey?: unknown;
  callbackUrl?: unknown;
  receivedAt?: unknown;
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

  private newDoc(options: Omit<NewRequest, 'createdAt'>): DsrRequestDoc {
    return newRequestDoc(this.deps, { ...options, createdAt: this.now() });
  }

  /** A key's request recorded before: the answer, when its input is the same (nothing else is done). */
  private async known(key: RequestKey | null): Promise<DsrRequestDoc | null> {
    const existing = key ? await this.ledger.byIdempotencyKey(key.key) : null;
    return existing && key ? sameRequest(existing, key) : null;
  }

  /**
   * Records the request under its key, in one statement: of two requests with one key, one is
   * recorded and the other answered with it (or refused, if its input differs). `recorded`: this
   * call recorded it, so its effects are this call's to carry out.
   */
  private async record(doc: DsrRequestDoc, key: RequestKey | null): Promise<{ doc: DsrRequestDoc; recorded: boolean }> {
    const keyed: DsrRequestDoc = key ? { ...doc, idempotencyKey: key.key, payload: { ...doc.payload, inputDigest: key.inputDigest } } : doc;
    const stored = await this.ledger.insertOrExisting(keyed);
    if (stored._id !== keyed._id) return { doc: sameRequest(stored, key as RequestKey), recorded: false };
    this.options.wake();
    return { doc: keyed, recorded: true };
  }

  private keyOf(raw: unknown, caller: Caller, type: DsrType, input: unknown): RequestKey | null {
    return readRequestKey({ raw, caller, type, input, pseudonymizer: this.deps.pseudonymizer });
  }

  async erase(input: EraseInput, caller: Caller): Promise<DsrRequestDoc> {
    const [doc] = await this.accept([this.readErasure(input)], caller);
    return doc as DsrRequestDoc;
  }

  /** Up to 100 erasures; all inputs are validated before any is recorded. */
  async eraseMany(inputs: readonly EraseInput[], caller: Caller): Promise<DsrRequestDoc[]> {
    if (inputs.length === 0 || inputs.length > 100) throw badInput(`inputs: expected 1 to 100 erasures, got ${inputs.length}`);
    const items = inputs.map((input, i) => {
      try {
        return this.readErasure(input, `inputs[${i}].`);
      } catch (error) {
        if (error instanceof GatewayError) throw badInput(`inputs[${i}]: ${error.message}`);
        throw error;
      }
    });
    // One resolution for the whole batch (one call per source per round), not one per subject:
    // resolving 100 subjects one by one made accepting a batch cost seconds.
    const subjects = await resolveForDsr(this.deps, items.map((item) => item.identity));
    return this.accept(items.map((item, i) => ({ ...item, subject: subjects[i] ?? null })), caller);
  }

  private readErasure(input: EraseInput, at = ''): ErasureToAccept {
    return {
      identity: readIdentityRef(input.ref, `${at}ref`),
      reason: readEraseReason(input.reason, `${at}reason`),
      key: readIdempotencyKey(input.idempotencyKey, `${at}idempotencyKey`),
      callbackUrl: readCallbackUrl(input.callbackUrl, this.deps.config.callbackAllowlist, `${at}callbackUrl`),
      receivedAt: readReceivedAt(input.receivedAt, this.now(), `${at}receivedAt`),
    };
  }

  private async accept(items: readonly ErasureToAccept[], caller: Caller): Promise<DsrRequestDoc[]> {
    // A key names a request of its client only: another client's equal key is another request.
    const scoped = items.map((item) => (item.key === null ? item : { ...item, key: scopeIdempotencyKey(caller, item.key) }));
    const docs = await acceptErasures({ deps: this.deps, ledger: this.ledger, caller, items: scoped, now: this.now() });
    this.options.wake();
    return docs;
  }

  async block(input: KeyedInput & { ref: unknown; reason: unknown; receivedAt?: unknown }, caller: Caller, unblock: boolean): Promise<DsrRequestDoc> {
    const identity = readIdentityRef(input.ref);
    const reason = readReason(input.reason);
    const receivedAt = readReceivedAt(input.receivedAt, this.now());
    const type = unblock ? 'UNBLOCK' : 'BLOCK';
    const key = this.keyOf(input.idempotencyKey, caller, type, { identity, reason, receivedAt: input.receivedAt ?? null });
    const known = await this.known(key);
    if (known) return known;
    const subject = await this.subjectOf(identity);
    const state = await this.deps.registry.ensure(subject.id, subject.identities);
    if (unblock && (state.erasing || state.erasedAt)) throw badInput('ref: the subject is being erased or was erased; its data stays blocked');
    const { doc, recorded } = await this.record(this.newDoc({ type, subject, caller, reason, receivedAt }), key);
    // Effective at the gateway from the next read, once the request is on the record (the request
    // that lost a race for its key does nothing); the sources follow through the tasks.
    if (recorded) await this.deps.registry.update(subject.id, { blocked: !unblock, blockedReason: unblock ? null : reason });
    return doc;
  }

  async rectify(input: KeyedInput & { ref: unknown; changes: unknown; reason?: unknown; receivedAt?: unknown }, caller: Caller): Promise<DsrRequestDoc> {
    const identity = readIdentityRef(input.ref);
    const changes = readChanges(input.changes);
    const receivedAt = readReceivedAt(input.receivedAt, this.now());
    const reason = readReason(input.reason, 'reason', false);
    const key = this.keyOf(input.idempotencyKey, caller, 'RECTIFY', { identity, changes, reason, receivedAt: input.receivedAt ?? null });
    const known = await this.known(key);
    if (known) return known;
    const subject = await this.subjectOf(identity);
    if (subject.status === 'ERASED') throw badInput('ref: the subject was erased; nothing is left to rectify');
    await assertIdentitiesFree(this.deps, subject, changes);
    await this.deps.registry.ensure(subject.id, subject.identities);
    return (await this.record(this.newDoc({ type: 'RECTIFY', subject, caller, reason, changes, receivedAt }), key)).doc;
  }

  async export(input: KeyedInput & { ref: unknown; format?: unknown; receivedAt?: unknown }, caller: Caller): Promise<DsrRequestDoc> {
    const identity = readIdentityRef(input.ref);
    if (input.format !== undefined && input.format !== null && input.format !== 'JSON') throw badInput('format: expected JSON');
    const receivedAt = readReceivedAt(input.receivedAt, this.now());
    const key = this.keyOf(input.idempotencyKey, caller, 'EXPORT', { identity, format: 'JSON', receivedAt: input.receivedAt ?? null });
    const known = await this.known(key);
    if (known) return known;
    const subject = await this.subjectOf(identity);
    await this.deps.registry.ensure(subject.id, subject.identities);
    return (await this.record(this.newDoc({ type: 'EXPORT', subject, caller, reason: 'data subject access request', receivedAt }), key)).doc;
  }

  /**
   * Re-opens a FAILED request (the officer fixed what it failed on): its failed tasks are tried
   * again, from the closure it kept. Idempotent: a request that is not FAILED comes back as it is.
   * An erasure claims its subject again; if another erasure holds it meanwhile, that one goes on.
   */
  async retry(input: { id: unknown }): Promise<DsrRequestDoc> {
    const doc = typeof input.id === 'string' ? await this.ledger.get(input.id) : null;
    if (!doc) throw new GatewayError(ErrorCode.NOT_FOUND, 'no such request');
    if (doc.status !== 'FAILED') return doc;
    if (doc.type === 'ERASE' && doc.subjectId) {
      const state = await this.deps.registry.get(doc.subjectId);
      if (state?.erasedAt) throw badInput('id: the subject was erased by another request meanwhile');
      const holder = (await this.deps.registry.claimErasures([{ subjectId: doc.subjectId, requestId: doc._id }])).get(doc.subjectId);
      if (holder !== doc._id) throw badInput(`id: another erasure of this subject is open: ${holder ?? 'unknown'}`);
    }
    const reopened = await this.ledger.reopen(doc._id, this.now().toISOString());
    if (!reopened) throw new GatewayError(ErrorCode.NOT_FOUND, 'no such request');
    this.options.wake();
    return reopened.request;
  }

  /**
   * 152-FZ art. 20(3): the answer may be extended once, by the configured days, with the reason
   * recorded. With an idempotency key, a retry of the same extension answers with the request
   * extended; the same key for another extension is BAD_USER_INPUT.
   */
  async extendDeadline(input: KeyedInput & { id: unknown; reason: unknown }, caller: Caller): Promise<DsrRequestDoc> {
    const reason = readReason(input.reason) as string;
    const id = readText(input.id, { at: 'id', max: 128, required: true }) as string;
    const key = readRequestKey({ raw: input.idempotencyKey, caller, type: 'EXTENSION', input: { id, reason }, pseudonymizer: this.deps.pseudonymizer });
    if (key) {
      const extended = await this.ledger.byExtensionKey(key.key);
      if (extended) return sameExtension(extended, key);
    }
    const doc = await this.ledger.get(id);
    if (!doc) throw new GatewayError(ErrorCode.NOT_FOUND, 'no such request');
    if (doc.extendedReason) throw badInput('id: the deadline of this request was already extended once');
    if (doc.status === 'COMPLETED' || doc.status === 'FAILED') throw badInput('id: the request is finished');
    if (!this.deps.policy.deadlines.fz152?.extensionWorkingDays) throw badInput('id: the configured deadlines allow no extension');
    const dueAt = computeDueAt({ createdAt: new Date(doc.receivedAt ?? doc.createdAt), deadlines: this.deps.policy.deadlines, extended: true }).toISOString();
    if (!(await this.ledger.extendDeadline(doc._id, { dueAt, reason, key: key && { key: key.key, inputDigest: key.inputDigest } }))) {
      // Another extension landed meanwhile: with this key, it answers; otherwise this one is the second.
      const now = await this.ledger.get(doc._id);
      if (key && now?.payload.extension?.key === key.key) return sameExtension(now, key);
      throw badInput('id: the deadline of this request was already extended once');
    }
    return { ...doc, dueAt, extendedReason: reason, payload: key ? { ...doc.payload, extension: { key: key.key, inputDigest: key.inputDigest } } : doc.payload };
  }
}

function sameExtension(extended: DsrRequestDoc, key: RequestKey): DsrRequestDoc {
  if (extended.payload.extension?.inputDigest !== key.inputDigest) throw badInput('idempotencyKey: already used for a different request; expected the same input as the first time, or a new key');
  return extended;
}

function found(subject: ResolvedSubject | null): ResolvedSubject {
  if (!subject) throw new GatewayError(ErrorCode.NOT_FOUND, 'no source knows this subject');
  return subject;
}
