import { ErrorCode, GatewayError } from '../errors';
import type { SourceRecord } from '../sources/Connector';
import { valueAt } from '../sources/engine/valuesAt';
import type { AggregateAnswer, AggregateQuery, DimensionUse } from './AggregateQuery';
import { bucketDate } from './bucketDate';
import { createSubjectUnion } from './createSubjectUnion';
import type { StatisticField } from './StatisticSet';
import type { CountedGroup } from './suppressSmallGroups';
import { subjectsIn, suppressSmallGroups } from './suppressSmallGroups';

/** Groups one answer may count: past it the query is too fine to be statistics (and too large to hold). */
export const MAX_GROUPS = 10_000;

interface Working extends CountedGroup {
  readonly keys: ReadonlyArray<string | null>;
  readonly members: Set<number>;
  readonly sums: number[];
  anonymous: boolean;
  count: number;
}

/**
 * Counts and sums `records` into the query's groups in one pass, holding per group only its sums
 * and the numbers of its subjects, then releases only groups of at least `k` distinct subjects
 * (`suppressSmallGroups`). Records `include` refuses (blocked, objected, restricted) are not counted
 * at all, anywhere. Pure over its input: the source and the gate are the caller's.
 */
export async function aggregateRecords(records: AsyncIterable<SourceRecord>, options: { query: AggregateQuery; k: number; include: (record: SourceRecord) => boolean; maxGroups?: number }): Promise<AggregateAnswer> {
  const { query, k } = options;
  const maxGroups = options.maxGroups ?? MAX_GROUPS;
  const union = createSubjectUnion();
  const groups = new Map<string, Working>();
  for await (const record of records) {
    if (!options.include(record)) continue;
    const subject = union.subjectOf(record.identities);
    for (const element of factsOf(record, query.set.unwind)) {
      const read = (f: StatisticField) => (f.inElement === null ? valueAt(record.fields, f.path) : f.inElement === '' ? element : valueAt(element, f.inElement));
      if (!query.where.every((w) => keyOf(read(w.dimension), w) === w.value)) continue;
      const keys = query.groupBy.map((g) => keyOf(read(g.dimension), g));
      const key = JSON.stringify(keys);
      let group = groups.get(key);
      if (!group) {
        if (groups.size >= maxGroups) throw new GatewayError(ErrorCode.QUERY_TOO_COMPLEX, `aggregate: expected at most ${maxGroups} groups, got more: group by fewer dimensions or coarser buckets`);
        group = { key, keys, members: new Set(), subjects: new Set(), anonymous: false, count: 0, sums: query.measures.map(() => 0) };
        groups.set(key, group);
      }
      group.count++;
      if (subject === null) group.anonymous = true;
      else group.members.add(subject);
      query.measures.forEach((m, i) => {
        const v = read(m);
        if (typeof v === 'number' && Number.isFinite(v)) (group as Working).sums[i] = ((group as Working).sums[i] as number) + v;
      });
    }
  }
  // Subjects are known only once every record is seen: two records may be joined by a third.
  const counted = [...groups.values()].map((g) => ({ ...g, subjects: new Set([...g.members].map(union.root)) }));
  const { released, suppressed } = suppressSmallGroups(counted, k);
  const hidden = subjectsIn(suppressed);
  const tellHidden = suppressed.length === 0 || hidden >= k;
  return {
    groups: released.map((g) => ({ keys: g.keys, subjects: subjectsIn([g]), count: g.count, sums: g.sums.map(round) })),
    suppressed: {
      groups: tellHidden ? suppressed.length : null,
      count: tellHidden ? suppressed.reduce((n, g) => n + g.count, 0) : null,
      subjects: tellHidden ? hidden : null,
    },
  };
}

/** The facts a record contributes: itself, or each element of the unwound list. */
function factsOf(record: SourceRecord, unwind: string | null): unknown[] {
  if (unwind === null) return [undefined];
  const list = valueAt(record.fields, unwind);
  return Array.isArray(list) ? list : [];
}

function keyOf(value: unknown, use: DimensionUse): string | null {
  if (use.bucket !== null) return bucketDate(value, use.bucket);
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Sums of decimal amounts without the binary residue (69.99 × 3 is 209.97, not 209.96999999999997). */
const round = (n: number): number => Math.round(n * 1e6) / 1e6;
