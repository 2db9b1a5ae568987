import type { Policy, Purpose } from './Policy';

export type AccessLevel = 'READ' | 'PSEUDONYM' | 'FORBIDDEN';

/**
 * How `purpose` receives a value of `category`: the one decision per purpose × category, applied
 * to every field of that category. The served schema enforces it (`buildPurposeSchema`), `myAccess`
 * reports it (`describeAccess`), the identities resolver filters by it, the data map and the audit
 * record it; none of them restates it. Granted → the value; a depersonalized purpose and an
 * identifier → a keyed pseudonym of its own; otherwise nothing, with FORBIDDEN.
 */
export function accessTo(policy: Policy, purpose: Purpose, category: string): AccessLevel {
  if (policy.allows(purpose.id, category)) return 'READ';
  if (purpose.depersonalized && policy.isIdentifier(category)) return 'PSEUDONYM';
  return 'FORBIDDEN';
}

/**
 * Whether a mutation is open to a purpose (decided once per purpose's schema) and to a caller's
 * roles (per request): the two halves of the policy's mutation rule, read by the served schema and
 * by `myAccess` alike.
 */
export function purposeMayMutate(policy: Policy, purpose: Purpose, mutation: string): boolean {
  return policy.mutationRule(mutation).purposes.includes(purpose.id);
}

export function rolesMayMutate(policy: Policy, roles: readonly string[], mutation: string): boolean {
  const { roles: allowed } = policy.mutationRule(mutation);
  return roles.some((role) => allowed.includes(role));
}
