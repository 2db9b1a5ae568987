import type { Policy, Purpose } from './Policy';

export type AccessLevel = 'READ' | 'PSEUDONYM' | 'FORBIDDEN';

/**
 * How `purpose` receives values of `category`: the same decision `buildPurposeSchema` and the
 * identities resolver enforce (granted → the value; depersonalized and an identifier → a keyed
 * pseudonym; otherwise nothing, with FORBIDDEN).
 */
export function accessTo(policy: Policy, purpose: Purpose, category: string): AccessLevel {
  if (policy.allows(purpose.id, category)) return 'READ';
  if (purpose.depersonalized && policy.isIdentifier(category)) return 'PSEUDONYM';
  return 'FORBIDDEN';
}
