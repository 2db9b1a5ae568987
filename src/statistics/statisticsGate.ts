import { gateSubject } from '../policy/gateSubject';
import type { Policy, Purpose } from '../policy/Policy';
import type { SourceRecord } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import { identityKey } from '../sources/Identity';
import type { SubjectRegistry } from '../state/SubjectRegistry';
import type { Pseudonymizer } from '../subjects/Pseudonymizer';
import { statusOf } from '../subjects/SubjectState';

/**
 * Which records a purpose's statistics may count: the read gate (`gateSubject`), decided once per
 * subject whose state can change it, then per record by its identities' keyed hashes. A blocked or
 * erased subject, or one who objected to the purpose, is not counted anywhere (GDPR art. 18, 21(6));
 * a consent purpose counts only subjects who consented, and no record that no longer names anyone.
 * A record restricted at its source is left out like a blocked subject's.
 */
export async function statisticsGate(options: { policy: Policy; purpose: Purpose; registry: SubjectRegistry; pseudonymizer: Pseudonymizer }): Promise<(record: SourceRecord) => boolean> {
  const { policy, purpose, pseudonymizer } = options;
  const refused = new Set<string>();
  const consented = new Set<string>();
  for (const state of await options.registry.listDecided()) {
    const gate = gateSubject({ id: state._id, identities: [], records: new Map(), state, status: statusOf(state) }, purpose, policy);
    for (const hash of state.identityHashes) (gate === null ? consented : refused).add(hash);
  }
  // One keyed hash per identity, not per record: a customer's thousand orders repeat the same three.
  const hashed = new Map<string, string>();
  const hashOf = (i: Identity) => {
    const key = identityKey(i);
    let hash = hashed.get(key);
    if (hash === undefined) hashed.set(key, (hash = pseudonymizer.identityHash(i)));
    return hash;
  };
  return (record) => {
    if (record.restricted && !purpose.seesBlocked) return false;
    const hashes = record.identities.map(hashOf);
    if (hashes.some((h) => refused.has(h))) return false;
    return purpose.requiresConsent ? hashes.some((h) => consented.has(h)) : true;
  };
}
