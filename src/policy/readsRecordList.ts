import type { Policy, Purpose } from './Policy';

/**
 * Whether a purpose may have a record list at all (CONTRACT.md §5): only if it may read one of
 * the categories its records carry. Otherwise even the records' ids, dates and number would tell
 * it what the policy does not grant (that a person paid, or wrote to the helpdesk, and when).
 * Identifiers a depersonalized purpose receives as pseudonyms do not count: they are not granted.
 * A list with no categorised field at all is the subject's data all the same: only "*" reads it.
 */
export function readsRecordList(policy: Policy, purpose: Purpose, categories: readonly string[]): boolean {
  return categories.length === 0 ? purpose.grants.includes('*') : categories.some((c) => policy.allows(purpose.id, c));
}
