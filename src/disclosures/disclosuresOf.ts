import { covers } from '../policy/categoryTree';
import type { Policy, Purpose } from '../policy/Policy';
import type { DisclosureDoc } from '../state/Disclosures';

/**
 * What one read disclosed: for each recipient the purpose discloses to, the categories read that
 * it receives, for every subject whose data was returned (a subject the gate refused — blocked,
 * objected, without consent — received nothing). Pure: the audit plugin records the result.
 */
export function disclosuresOf(options: { policy: Policy; purpose: Purpose; categories: readonly string[]; subjectIds: Iterable<string>; denied: Iterable<string>; requestId: string; at: string }): DisclosureDoc[] {
  const recipients = [...options.policy.thirdParties.values()].filter((r) => r.purposes.includes(options.purpose.id));
  if (recipients.length === 0 || options.categories.length === 0) return [];
  const gated = new Set([...options.denied].map((d) => /^(sub_[^.:]+)[.:]/.exec(d)?.[1]).filter((id): id is string => id !== undefined));
  const out: DisclosureDoc[] = [];
  for (const recipient of recipients) {
    const categories = options.categories.filter((c) => recipient.categories.some((g) => covers(g, c)));
    if (categories.length === 0) continue;
    for (const subjectId of options.subjectIds) {
      if (!gated.has(subjectId)) out.push({ subjectId, recipient: recipient.id, purpose: options.purpose.id, categories, at: options.at, requestId: options.requestId });
    }
  }
  return out;
}
