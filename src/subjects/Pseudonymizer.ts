import { createHmac } from 'node:crypto';
import type { Identity } from '../sources/Identity';
import { identityKey } from '../sources/Identity';
import type { PurposePseudonyms } from './purposePseudonyms';
import { purposePseudonyms } from './purposePseudonyms';

/**
 * Keyed names for people. Without the key none of these can be linked back to an identity, and
 * the key never leaves the process; the uses are domain-separated, and each depersonalized
 * purpose's names are keyed for it alone (`purposePseudonyms`), so a pseudonym handed to
 * analytics matches neither the registry's identity hashes nor another purpose's names.
 */
export interface Pseudonymizer {
  /**
   * The stable, pseudonymous DataSubject.id of a subject known by `identities`: anchored at the
   * identity least likely to change (customer id, then email, then phone), so rectifying an
   * email does not change the id. The registry keeps the first id it recorded in any case.
   */
  subjectIdFor(identities: readonly Identity[]): string;
  /** What the registry stores instead of an identity (also after erasure: "already erased"). */
  identityHash(identity: Identity): string;
  /** A keyed digest of a request's input (idempotency: the same key must come with the same input); it may hold personal values, so it is keyed. */
  inputDigest(canonicalInput: string): string;
  /** The names a depersonalized purpose receives instead of identities and ids: keyed for that purpose alone. */
  forPurpose(purpose: string): PurposePseudonyms;
}

const ANCHOR_ORDER: Record<Identity['type'], number> = { CUSTOMER_ID: 0, EMAIL: 1, PHONE: 2 };

export function createPseudonymizer(secret: string): Pseudonymizer {
  const mac = (domain: string, value: string) => createHmac('sha256', secret).update(`${domain}\u0000${value}`).digest('hex');
  // Derived once per purpose and kept with this pseudonymizer (one per gateway), not per request.
  const scoped = new Map<string, PurposePseudonyms>();
  return {
    subjectIdFor: (identities) => {
      const anchor = identities.slice().sort((a, b) => ANCHOR_ORDER[a.type] - ANCHOR_ORDER[b.type] || a.value.localeCompare(b.value))[0];
      if (!anchor) throw new TypeError('expected at least one identity to name a subject, got none');
      return `sub_${mac('subject', identityKey(anchor)).slice(0, 24)}`;
    },
    identityHash: (identity) => mac('identity', identityKey(identity)),
    inputDigest: (canonicalInput) => mac('request-input', canonicalInput),
    forPurpose: (purpose) => {
      let names = scoped.get(purpose);
      if (!names) scoped.set(purpose, (names = purposePseudonyms(secret, purpose)));
      return names;
    },
  };
}
