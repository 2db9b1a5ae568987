import type { Caller } from '../auth/Caller';
import { canonicalJson } from '../audit/AuditEvent';
import { badInput } from '../errors';
import { readIdempotencyKey } from '../input/readIdempotencyKey';
import { scopeIdempotencyKey } from '../input/scopeIdempotencyKey';
import type { Pseudonymizer } from '../subjects/Pseudonymizer';
import type { DsrRequestDoc, DsrType } from './DsrRequestDoc';

/** An idempotency key as the ledger keeps it (scoped to the client), with the input it came with. */
export interface RequestKey {
  readonly key: string;
  /** The request type; or what is keyed that is not a request of its own: a deadline's extension, a consent change. */
  readonly type: DsrType | 'EXTENSION' | 'CONSENT' | 'CONSENT_WITHDRAWAL';
  /** Keyed digest of the validated input: the same key must come with the same input. */
  readonly inputDigest: string;
}

/**
 * The key of a request (null when the caller gave none), read as erasure's is: scoped to the
 * caller, so another client's equal key is another request. `input` is the validated input, with
 * what the caller left out as null (a default such as "now" must not make a retry differ).
 */
export function readRequestKey(options: { raw: unknown; caller: Caller; type: RequestKey['type']; input: unknown; pseudonymizer: Pick<Pseudonymizer, 'inputDigest'> }): RequestKey | null {
  const key = readIdempotencyKey(options.raw, 'idempotencyKey');
  if (key === null) return null;
  return { key: scopeIdempotencyKey(options.caller, key), type: options.type, inputDigest: options.pseudonymizer.inputDigest(canonicalJson({ type: options.type, input: options.input })) };
}

/**
 * The answer to a key used before: its request, when the input is the same; otherwise
 * BAD_USER_INPUT (as erasure answers a key used for another subject), and nothing is done.
 */
export function sameRequest(existing: DsrRequestDoc, key: RequestKey): DsrRequestDoc {
  if (existing.type !== key.type || existing.payload.inputDigest !== key.inputDigest) {
    throw badInput('idempotencyKey: already used for a different request; expected the same input as the first time, or a new key');
  }
  return existing;
}
