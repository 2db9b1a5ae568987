import type { LegalHoldRule } from '../policy/Policy';
import type { EraseResult, SourceRecord } from '../sources/Connector';

export type ErasureAction = 'DELETE' | 'DEPERSONALIZE' | 'RETAIN' | 'RESTRICT';

/** One line of an erasure plan: what would happen to some records of one collection, and why. */
export interface ErasurePlanActionDoc {
  /** Null when the source counts per source only. */
  readonly collection: string | null;
  readonly action: ErasureAction;
  readonly records: number;
  readonly hold: string | null;
  readonly basis: string | null;
  readonly until: string | null;
  readonly reason: string;
}

const SHARED = 'shared';
const SHARED_BASIS = "other people's records reach these records: kept for them (CONTRACT.md §7)";

/**
 * The lines of one source's plan, from the result its `planEraseMany` answered (pure): the
 * deletions and depersonalizations per collection, then what is kept, per collection and hold
 * (until: the latest end among them). Counts add up to the result's, which is what the worker
 * records before acting and the certificate quotes.
 */
export function erasurePlanActions(result: EraseResult, options: { holds: readonly LegalHoldRule[]; keptWhenDepersonalized: readonly string[] }): ErasurePlanActionDoc[] {
  const out: ErasurePlanActionDoc[] = [];
  const perCollection = result.collections ?? [{ collection: null, deleted: result.deleted, depersonalized: result.depersonalized }];
  const kept = options.keptWhenDepersonalized.length > 0 ? `; ${options.keptWhenDepersonalized.join(', ')} kept as statistics` : '';
  for (const c of perCollection) {
    if (c.deleted > 0) out.push({ collection: c.collection, action: 'DELETE', records: c.deleted, hold: null, basis: null, until: null, reason: 'no hold covers these records and no one else\'s records reach them: deleted' });
    if (c.depersonalized > 0) out.push({ collection: c.collection, action: 'DEPERSONALIZE', records: c.depersonalized, hold: null, basis: null, until: null, reason: `the policy keeps this data as depersonalized statistics: identifiers and free text removed, no key kept${kept}` });
  }
  const groups = new Map<string, { collection: string | null; hold: string; records: number; until: string | null }>();
  for (const r of result.retainedRecords) {
    const collection = r.collection ?? null;
    const key = JSON.stringify([collection, r.hold]);
    const group = groups.get(key) ?? { collection, hold: r.hold, records: 0, until: null };
    group.records++;
    if (r.until !== null && (group.until === null || r.until > group.until)) group.until = r.until;
    groups.set(key, group);
  }
  for (const g of groups.values()) {
    const rule = options.holds.find((h) => h.name === g.hold);
    const basis = rule?.basis ?? (g.hold === SHARED ? SHARED_BASIS : null);
    const reason = g.hold === SHARED ? SHARED_BASIS : `kept under the "${g.hold}" hold${g.until ? ` until ${g.until}` : ''}, restricted where the source can mark it, then destroyed`;
    out.push({ collection: g.collection, action: 'RETAIN', records: g.records, hold: g.hold, basis, until: g.until, reason });
  }
  return out;
}

/**
 * A source that can neither delete nor depersonalize: nothing is done there (its task is
 * skipped), so its records stay, withheld by the gateway from every purpose once the subject is
 * blocked, and verification reports them.
 */
export function restrictedActions(records: readonly SourceRecord[]): ErasurePlanActionDoc[] {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.collection, (counts.get(r.collection) ?? 0) + 1);
  return [...counts].map(([collection, n]) => ({
    collection, action: 'RESTRICT' as const, records: n, hold: null, basis: null, until: null,
    reason: 'this source can neither delete nor depersonalize: its records stay, withheld by the gateway from every purpose; verification will report them',
  }));
}
