import type { DateBucket } from '../policy/Policy';
import type { StatisticDimension, StatisticField, StatisticSet } from './StatisticSet';

/** A dimension as a query uses it: a date with its bucket, anything else as it is (bucket null). */
export interface DimensionUse {
  readonly dimension: StatisticDimension;
  readonly bucket: DateBucket | null;
}

/** An `aggregate` query, checked against its set (`readAggregateInput`). */
export interface AggregateQuery {
  readonly set: StatisticSet;
  readonly groupBy: readonly DimensionUse[];
  readonly measures: readonly StatisticField[];
  /** Each filter keeps the records whose dimension (in its bucket) is exactly `value`. */
  readonly where: ReadonlyArray<DimensionUse & { readonly value: string }>;
}

/** One released group: its key per `groupBy` dimension (null: no value), and sums per measure in query order. */
export interface AggregateGroup {
  readonly keys: ReadonlyArray<string | null>;
  readonly subjects: number;
  readonly count: number;
  readonly sums: readonly number[];
}

/**
 * What `aggregate` answers. The suppressed part is counted as a whole (how many groups, records
 * and subjects), never per group and never with sums; when it holds fewer than k subjects (only
 * when nothing is released) its counts are null too.
 */
export interface AggregateAnswer {
  readonly groups: readonly AggregateGroup[];
  readonly suppressed: { readonly groups: number | null; readonly count: number | null; readonly subjects: number | null };
}
