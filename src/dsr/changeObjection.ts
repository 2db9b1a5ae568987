import type { Caller } from '../auth/Caller';
import { ErrorCode, GatewayError, badInput } from '../errors';
import type { LegalBasis } from '../policy/Policy';
import { readIdentityRef } from '../input/readIdentityRef';
import { readReason } from '../input/readReason';
import { readText } from '../input/readText';
import type { DsrRequestDoc } from './DsrRequestDoc';
import { newRequestDoc } from './newRequestDoc';
import type { DsrDeps } from './resolveForDsr';
import { resolveForDsr } from './resolveForDsr';
import { readReceivedAt } from '../input/readReceivedAt';
import type { RequestKey } from './keyedRequest';
import { readRequestKey, sameRequest } from './keyedRequest';

export const DEFAULT_OBJECTION_REASON = 'objection by the data subject';

/** Why a purpose on another basis cannot be objected to: the reason BAD_USER_INPUT gives. */
const NOT_OBJECTABLE: Record<Exclude<LegalBasis, 'legitimate_interest'>, string> = {
  consent: 'it is based on consent: withdraw the consent instead (withdrawConsent)',
  contract: 'it is necessary for a contract with the subject: not objectable (erase or block the subject instead)',
  legal_obligation: 'it is a legal obligation: not objectable',
  vital_interest: 'it protects vital interests: not objectable',
  public_task: 'it is a public task: not objectable here',
};

/**
 * An objection to one purpose on legitimate interest (GDPR art. 21, 152-FZ art. 21), or its
 * withdrawal: effective at the gateway from the next read (the subject gate answers OBJECTED),
 * and on the record as a request of type OBJECTION, completed when accepted — no source acts on it.
 */
export async function changeObjection(options: { deps: DsrDeps; input: { ref: unknown; purpose: unknown; reason?: unknown; receivedAt?: unknown; idempotencyKey?: unknown }; caller: Caller; object: boolean; now: Date }): Promise<DsrRequestDoc> {
  const { deps, input, now } = options;
  const identity = readIdentityRef(input.ref, 'input.ref');
  const purposeId = readText(input.purpose, { at: 'input.purpose', max: 64, required: true }) as string;
  const purpose = deps.policy.purposes.get(purposeId);
  if (!purpose) throw badInput('input.purpose: expected a purpose of the policy, got one it does not define');
  if (purpose.basis !== 'legitimate_interest') throw badInput(`purpose: expected a purpose based on legitimate interest, got "${purposeId}": ${NOT_OBJECTABLE[purpose.basis]}`);
  const reason = readReason(input.reason, 'reason', false) ?? DEFAULT_OBJECTION_REASON;
  const receivedAt = readReceivedAt(input.receivedAt, now);
  const key = readRequestKey({ raw: input.idempotencyKey, caller: options.caller, type: 'OBJECTION', input: { identity, purpose: purposeId, object: options.object, reason, receivedAt: input.receivedAt ?? null }, pseudonymizer: deps.pseudonymizer });
  const known = key ? await deps.state.ledger.byIdempotencyKey(key.key) : null;
  if (known && key) return sameRequest(known, key);
  const [subject] = await resolveForDsr(deps, [identity]);
  if (!subject) throw new GatewayError(ErrorCode.NOT_FOUND, 'no source knows this subject');
  if (subject.status === 'ERASED') throw badInput('ref: the subject was erased');
  await deps.registry.ensure(subject.id, subject.identities);
  const accepted = newRequestDoc(deps, { type: 'OBJECTION', subject, caller: options.caller, reason, createdAt: now, receivedAt });
  const doc: DsrRequestDoc = {
    ...accepted, status: 'COMPLETED', completedAt: now.toISOString(), identities: null, idempotencyKey: key?.key ?? accepted.idempotencyKey,
    payload: { objection: { purpose: purposeId, withdrawn: !options.object }, ...(key ? { inputDigest: key.inputDigest } : {}) },
  };
  const stored = await deps.state.ledger.insertOrExisting(doc);
  // Of two objections with one key, the one recorded takes effect; the other is answered with it.
  if (stored._id !== doc._id) return sameRequest(stored, key as RequestKey);
  await deps.registry.recordObjection({ subjectId: subject.id, purpose: purposeId, object: options.object, at: now.toISOString(), requestId: doc._id });
  return doc;
}
