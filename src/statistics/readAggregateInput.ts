import { ErrorCode, GatewayError, badInput } from '../errors';
import type { DateBucket, Policy, Purpose } from '../policy/Policy';
import { DATE_BUCKETS } from '../policy/Policy';
import { readsRecordList } from '../policy/readsRecordList';
import type { AggregateQuery, DimensionUse } from './AggregateQuery';
import type { CompiledStatistics, StatisticField, StatisticSet } from './StatisticSet';

/** What `aggregate(input:)` carries, as GraphQL validated its shape. */
export interface AggregateInput {
  readonly set: string;
  readonly groupBy?: ReadonlyArray<{ readonly dimension: string; readonly bucket?: DateBucket | null }> | null;
  readonly measures?: readonly string[] | null;
  readonly where?: ReadonlyArray<{ readonly dimension: string; readonly bucket?: DateBucket | null; readonly value: string }> | null;
}

const MAX_VALUE = 200;
const list = (names: Iterable<string>) => [...names].join(', ') || 'none';

/**
 * The boundary of `aggregate`: names the policy did not declare are BAD_USER_INPUT (saying which
 * it did), as are a bucket on a field that is not a date, one finer than the set allows, and a
 * name used twice; a declared field whose category the purpose may not read is FORBIDDEN (deny by
 * default: a set declared for one purpose is no door for another).
 */
export function readAggregateInput(input: AggregateInput, options: { statistics: CompiledStatistics; policy: Policy; purpose: Purpose }): AggregateQuery {
  const set = options.statistics.sets.get(input.set);
  if (!set) throw badInput(`input.set: expected a declared statistic set (${list(options.statistics.sets.keys())}), got another`);
  if (!readsRecordList(options.policy, options.purpose, set.categories)) {
    throw new GatewayError(ErrorCode.FORBIDDEN, `aggregate: set "${set.name}" (categories ${set.categories.join(', ') || 'none'}) is not allowed for purpose "${options.purpose.id}": not even its counts`);
  }
  const groupBy = once((input.groupBy ?? []).map((g, i) => use(set, g, `input.groupBy[${i}]`)), 'input.groupBy');
  const measures = (input.measures ?? []).map((name, i) => {
    const m = set.measures.get(name);
    if (!m) throw badInput(`input.measures[${i}]: expected a measure of set "${set.name}" (${list(set.measures.keys())}), got another`);
    return m;
  });
  if (new Set(measures).size !== measures.length) throw badInput('input.measures: expected each measure once, got one twice');
  const where = once((input.where ?? []).map((w, i) => {
    if (w.value.length > MAX_VALUE) throw badInput(`input.where[${i}].value: expected at most ${MAX_VALUE} characters, got ${w.value.length}`);
    return { ...use(set, w, `input.where[${i}]`), value: w.value };
  }), 'input.where');
  for (const field of [...groupBy.map((g) => g.dimension), ...measures, ...where.map((w) => w.dimension)]) checkCategory(field, set, options);
  return { set, groupBy, measures, where };
}

function use(set: StatisticSet, raw: { readonly dimension: string; readonly bucket?: DateBucket | null }, at: string): DimensionUse {
  const dimension = set.dimensions.get(raw.dimension);
  if (!dimension) throw badInput(`${at}.dimension: expected a dimension of set "${set.name}" (${list(set.dimensions.keys())}), got another`);
  const bucket = raw.bucket ?? null;
  if (!dimension.date) {
    if (bucket !== null) throw badInput(`${at}.bucket: expected none, "${dimension.name}" is not a date, got ${bucket}`);
    return { dimension, bucket: null };
  }
  if (bucket !== null && DATE_BUCKETS.indexOf(bucket) < DATE_BUCKETS.indexOf(dimension.finest)) {
    throw badInput(`${at}.bucket: expected ${dimension.finest} or coarser (${DATE_BUCKETS.slice(DATE_BUCKETS.indexOf(dimension.finest)).join(', ')}) for "${dimension.name}", got ${bucket}`);
  }
  return { dimension, bucket: bucket ?? dimension.defaultBucket };
}

function once<T extends DimensionUse>(uses: T[], at: string): T[] {
  const names = uses.map((u) => u.dimension.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw badInput(`${at}: expected each dimension once, got "${twice}" twice`);
  return uses;
}

function checkCategory(field: StatisticField, set: StatisticSet, options: { policy: Policy; purpose: Purpose }): void {
  if (field.category === null || options.policy.allows(options.purpose.id, field.category)) return;
  throw new GatewayError(ErrorCode.FORBIDDEN, `aggregate: "${field.name}" of set "${set.name}" (category ${field.category}) is not allowed for purpose "${options.purpose.id}"`);
}
