import { PolicyError } from './PolicyError';
import type { DateBucket, StatisticSetRule, StatisticsRules } from './Policy';
import { DATE_BUCKETS } from './Policy';
import { checkKeys, readBoolean, readNumber, readObject, readOneOf, readString } from './readPolicyFile';

/** The smallest group the shipped policy releases when the policy names no `k`. */
export const DEFAULT_K = 5;

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const PATH = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

/**
 * `statistics:` — what depersonalized purposes may count and sum (`aggregate`), and the smallest
 * group released (`k`). Only the shape is checked here; the fields against the sources'
 * declarations at start-up (`compileStatistics`), once the sources are known.
 */
export function readStatistics(raw: unknown): StatisticsRules {
  if (raw === undefined) return { k: DEFAULT_K, sets: new Map() };
  const spec = readObject(raw, 'statistics');
  checkKeys(spec, 'statistics', ['k', 'sets']);
  // k = 1 would release single people: the least that still hides one among others is 2.
  const k = spec.k === undefined ? DEFAULT_K : readNumber(spec.k, 'statistics.k', { min: 2, max: 1_000_000 });
  if (!Number.isInteger(k)) throw new PolicyError('statistics.k', 'a whole number of subjects', k);
  const sets = new Map<string, StatisticSetRule>();
  for (const [name, value] of Object.entries(readObject(spec.sets ?? {}, 'statistics.sets'))) sets.set(name, readSet(name, value));
  return { k, sets };
}

function readSet(name: string, raw: unknown): StatisticSetRule {
  const p = `statistics.sets.${name}`;
  if (!NAME.test(name)) throw new PolicyError(p, 'a set name of letters, digits and "_"', name);
  const spec = readObject(raw, p);
  checkKeys(spec, p, ['description', 'source', 'collection', 'unwind', 'dimensions', 'measures']);
  const dimensions = Object.entries(readObject(spec.dimensions ?? {}, `${p}.dimensions`)).map(([dimension, value]) => {
    const d = `${p}.dimensions.${dimension}`;
    if (!NAME.test(dimension)) throw new PolicyError(d, 'a dimension name of letters, digits and "_"', dimension);
    const dim = readObject(value ?? {}, d);
    checkKeys(dim, d, ['field', 'date', 'finest']);
    const date = readBoolean(dim.date, `${d}.date`);
    if (!date && dim.finest !== undefined) throw new PolicyError(`${d}.finest`, 'nothing: only a date dimension (`date: true`) is bucketed', dim.finest);
    const finest: DateBucket = dim.finest === undefined ? 'DAY' : (readOneOf(String(dim.finest).toUpperCase(), `${d}.finest`, DATE_BUCKETS) as DateBucket);
    return { name: dimension, field: readPath(dim.field ?? dimension, `${d}.field`), date, finest };
  });
  const measures = Object.entries(readObject(spec.measures ?? {}, `${p}.measures`)).map(([measure, value]) => {
    const m = `${p}.measures.${measure}`;
    if (!NAME.test(measure)) throw new PolicyError(m, 'a measure name of letters, digits and "_"', measure);
    const spec2 = readObject(value ?? {}, m);
    checkKeys(spec2, m, ['field']);
    return { name: measure, field: readPath(spec2.field ?? measure, `${m}.field`) };
  });
  if (dimensions.length === 0) throw new PolicyError(`${p}.dimensions`, 'at least one dimension', spec.dimensions);
  return {
    name,
    description: readString(spec.description, `${p}.description`, name),
    source: readString(spec.source, `${p}.source`),
    collection: spec.collection === undefined ? null : readString(spec.collection, `${p}.collection`),
    unwind: spec.unwind === undefined ? null : readPath(spec.unwind, `${p}.unwind`),
    dimensions: new Map(dimensions.map((d) => [d.name, d])),
    measures: new Map(measures.map((m) => [m.name, m])),
  };
}

function readPath(raw: unknown, keyPath: string): string {
  const value = readString(raw, keyPath);
  if (!PATH.test(value)) throw new PolicyError(keyPath, 'a field of the collection, dotted into nested fields (items.sku)', value);
  return value;
}

