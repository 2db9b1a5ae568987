import { shiftByDuration } from '../policy/isoDuration';
import type { Policy, RetentionRule } from '../policy/Policy';
import type { ConnectorDescriptor, RetentionPlan } from '../sources/Connector';

/**
 * The rule a collection's records are kept by: of its categories' rules, those written for a
 * category (an order's identifiers are kept as long as the order), else the default; of those,
 * the longest period, and `depersonalize` when any of them keeps the records as statistics and
 * the source can. A collection with no personal field is not on the clock.
 */
export function collectionRule(policy: Policy, fields: Readonly<Record<string, string | null>>, canDepersonalize: boolean): Pick<RetentionRule, 'keepFor' | 'then'> | null {
  const categories = [...new Set(Object.values(fields).filter((c): c is string => c !== null))];
  if (categories.length === 0) return null;
  const rules = categories.map((c) => policy.retentionFor(c));
  const written = rules.filter((r) => r.category !== 'default');
  const chosen = written.length > 0 ? written : rules;
  const from = new Date(0);
  const longest = chosen.reduce((a, b) => (shiftByDuration(from, b.keepFor) > shiftByDuration(from, a.keepFor) ? b : a));
  const then = canDepersonalize && chosen.some((r) => r.then === 'depersonalize') ? 'depersonalize' : 'delete';
  return { keepFor: longest.keepFor, then };
}

/** What the retention clock asks of one source at `now`: per collection, the date before which its records are past their period. */
export function retentionPlanFor(connector: ConnectorDescriptor, policy: Policy, now: Date): RetentionPlan {
  const collections = new Map<string, { before: Date; then: 'delete' | 'depersonalize' }>();
  for (const c of connector.collections) {
    const rule = collectionRule(policy, c.fields, connector.capabilities.includes('depersonalize'));
    if (rule) collections.set(c.name, { before: shiftByDuration(now, rule.keepFor, -1), then: rule.then });
  }
  return { collections, holds: policy.holds.map((h) => ({ name: h.name, categories: h.categories, years: h.years })), now };
}
