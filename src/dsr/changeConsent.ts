import { ErrorCode, GatewayError, badInput } from '../errors';
import { consentNotices } from '../notices/consentNotices';
import { Outbox } from '../state/Outbox';
import { SubjectRegistry } from '../state/SubjectRegistry';
import type { Identity } from '../sources/Identity';
import type { ConsentDoc } from '../subjects/SubjectState';
import type { DsrDeps } from './resolveForDsr';
import { resolveForDsr } from './resolveForDsr';
import { readReason } from '../input/readReason';
import { readText } from '../input/readText';
import type { Caller } from '../auth/Caller';
import { readRequestKey } from './keyedRequest';

/**
 * Grants or withdraws a subject's consent to a consent-based purpose, under the current policy
 * version, with evidence and time; the history is kept. Reads check consent on every request,
 * so a withdrawal holds from the next read. The systems that act on the consent (sources with
 * `onConsentChange`, recipients reached through the purpose) are owed a signed notice of it,
 * stored in the outbox with the change and delivered by the callback deliverer.
 */
export async function changeConsent(options: { deps: DsrDeps; identity: Identity; purpose: unknown; evidence: unknown; grant: boolean; now: Date; idempotencyKey?: unknown; caller: Caller }): Promise<ConsentDoc & { subjectId: string }> {
  const { deps, grant, now } = options;
  const purposeId = readText(options.purpose, { at: 'purpose', max: 64, required: true }) as string;
  const purpose = deps.policy.purposes.get(purposeId);
  if (!purpose) throw badInput('purpose: expected a purpose of the policy, got one it does not define');
  if (!purpose.requiresConsent && purpose.basis !== 'consent') throw badInput(`purpose: expected a purpose based on consent, got "${purposeId}" (basis ${purpose.basis})`);
  const evidence = readReason(options.evidence, 'evidence', grant);
  const key = readRequestKey({ raw: options.idempotencyKey, caller: options.caller, type: grant ? 'CONSENT' : 'CONSENT_WITHDRAWAL', input: { identity: options.identity, purpose: purposeId, evidence }, pseudonymizer: deps.pseudonymizer });
  const [subject] = await resolveForDsr(deps, [options.identity]);
  if (!subject) throw new GatewayError(ErrorCode.NOT_FOUND, 'no source knows this subject');
  if (subject.status === 'ERASED') throw badInput('ref: the subject was erased');
  await deps.registry.ensure(subject.id, subject.identities);
  const at = now.toISOString();
  const disclosures = await deps.state.disclosures.forSubject(subject.id, 10_000);
  const notices = consentNotices({ policy: deps.policy, channels: deps.channels, subject, purpose: purposeId, grant, at, disclosures });
  const change = { subjectId: subject.id, purpose: purposeId, grant, at, policyVersion: deps.policy.version, evidence };
  // The decision and the notices it owes commit together: no change is recorded without them. Under a
  // key used before, nothing is written (its notices were owed then): the consent as it stands answers.
  const written = await deps.state.sql.transaction(async (tx) => {
    const registry = new SubjectRegistry(tx, deps.pseudonymizer);
    const keyed = key ? await registry.recordKeyedConsent(change, key) : { recorded: await registry.recordConsent(change) };
    if ('recorded' in keyed) await new Outbox(tx).enqueue(notices);
    return keyed;
  });
  if (!('recorded' in written)) {
    if (!key || written.taken.inputDigest !== key.inputDigest || !written.taken.consent) throw badInput('idempotencyKey: already used for a different request; expected the same input as the first time, or a new key');
    return { ...written.taken.consent, subjectId: subject.id };
  }
  const next = written.recorded;
  return { ...next, subjectId: subject.id };
}
