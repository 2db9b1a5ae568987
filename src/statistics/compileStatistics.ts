import type { DateBucket, Policy, StatisticSetRule } from '../policy/Policy';
import { DATE_BUCKETS } from '../policy/Policy';
import { PolicyError } from '../policy/PolicyError';
import type { Connector, RecordField } from '../sources/Connector';
import type { CompiledStatistics, StatisticDimension, StatisticField, StatisticSet } from './StatisticSet';

const NUMERIC = /^(Int|Float)!?$/;

/**
 * The policy's `statistics` checked against the sources as declared, at start-up: every set names
 * a source that can list its records, a collection of it, and fields it declares; a field is read
 * from the record, or from an element of the one list the set unwinds (a value under any other list
 * would count a record in several groups); measures are numbers; no field is a direct identifier
 * (a group per email is a group per person). Each field keeps its declared category: the query
 * checks it against the calling purpose (deny by default).
 *
 * A set over a source this deployment does not declare is left out, with a warning: one policy
 * serves deployments with different sources files (the shipped policy's sets name the demo's
 * `orders`). Over a declared source, every mistake stops start-up.
 */
export function compileStatistics(policy: Policy, connectors: readonly Connector[], onWarning: (message: string) => void = () => undefined): CompiledStatistics {
  const sets = new Map<string, StatisticSet>();
  for (const rule of policy.statistics.sets.values()) {
    if (!connectors.some((c) => c.name === rule.source)) {
      onWarning(`statistics.sets.${rule.name} is not served: its source "${rule.source}" is not declared (declared: ${connectors.map((c) => c.name).join(', ')})`);
      continue;
    }
    sets.set(rule.name, compileSet(rule, policy, connectors));
  }
  return { k: policy.statistics.k, sets };
}

function compileSet(rule: StatisticSetRule, policy: Policy, connectors: readonly Connector[]): StatisticSet {
  const at = `statistics.sets.${rule.name}`;
  const connector = connectors.find((c) => c.name === rule.source) as Connector;
  if (!connector.scannable) throw new PolicyError(`${at}.source`, `a source whose kind can list its records (source "${connector.name}" is of a kind that cannot)`, rule.source);
  const names = connector.collections.map((c) => c.name);
  const collection = rule.collection ?? (names.length === 1 ? (names[0] as string) : null);
  if (collection === null || !names.includes(collection)) throw new PolicyError(`${at}.collection`, `a collection of source "${connector.name}" (${names.join(', ')})`, rule.collection ?? undefined);
  const fields = connector.scannable.fieldsOf(collection);
  if (rule.unwind !== null) {
    const list = walk(fields, rule.unwind, rule.unwind, `${at}.unwind`);
    if (!list.lastIsList) throw new PolicyError(`${at}.unwind`, 'a list field of the collection', rule.unwind);
  }
  const field = (name: string, path: string, keyPath: string, numeric: boolean): StatisticField => {
    const found = walk(fields, path, rule.unwind, keyPath);
    if (found.field.fields !== null) throw new PolicyError(keyPath, 'a field holding one value (not an object)', path);
    if (numeric && !NUMERIC.test(found.field.type.replace(/^\[|\]!?$/g, ''))) throw new PolicyError(keyPath, 'a numeric field (Int or Float) to sum', `${path} of type ${found.field.type}`);
    if (found.category !== null && policy.isIdentifier(found.category)) throw new PolicyError(keyPath, 'a field that is not a direct identifier (a group per identifier is a group per person)', `${path} (${found.category})`);
    const inElement = rule.unwind !== null && (path === rule.unwind || path.startsWith(`${rule.unwind}.`)) ? path.slice(rule.unwind.length + 1) : null;
    return { name, path, category: found.category, inElement };
  };
  const dimensions = new Map<string, StatisticDimension>();
  for (const d of rule.dimensions.values()) {
    const base = field(d.name, d.field, `${at}.dimensions.${d.name}.field`, false);
    dimensions.set(d.name, { ...base, date: d.date, finest: d.finest, defaultBucket: coarser(d.finest, 'MONTH') });
  }
  const measures = new Map<string, StatisticField>();
  for (const m of rule.measures.values()) measures.set(m.name, field(m.name, m.field, `${at}.measures.${m.name}.field`, true));
  return { name: rule.name, description: rule.description, source: connector.name, collection, categories: categoriesOf(fields), unwind: rule.unwind, dimensions, measures };
}

const categoriesOf = (fields: readonly RecordField[]): string[] => [...new Set(fields.flatMap((f) => [...(typeof f.category === 'string' ? [f.category] : []), ...categoriesOf(f.fields ?? [])]))].sort();

const coarser = (a: DateBucket, b: DateBucket): DateBucket => (DATE_BUCKETS.indexOf(a) >= DATE_BUCKETS.indexOf(b) ? a : b);

/**
 * Follows `path` through the declared fields. A list on the way is allowed only as the unwound
 * list itself (the path so far equals `unwind`); the category is the one declared on the path (a subfield of a categorised field has none of its own).
 */
function walk(fields: readonly RecordField[], path: string, unwind: string | null, keyPath: string): { field: RecordField; category: string | null; lastIsList: boolean } {
  let level: readonly RecordField[] | null = fields;
  let category: string | null = null;
  let found: RecordField | null = null;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    const so = parts.slice(0, i + 1).join('.');
    found = level?.find((f) => f.name === parts[i]) ?? null;
    if (!found) throw new PolicyError(keyPath, `a field the collection declares (${(level ?? []).map((f) => f.name).join(', ') || 'none here'})`, path);
    category ??= found.category ?? null;
    if (found.list && unwind !== null && so !== unwind) throw new PolicyError(keyPath, `a field outside lists, or inside the unwound list "${unwind}"`, path);
    if (found.list && unwind === null && i < parts.length - 1) throw new PolicyError(keyPath, `a field outside lists (or \`unwind: ${so}\` on the set)`, path);
    if (found.list && unwind === null) throw new PolicyError(keyPath, `a field holding one value per record (or \`unwind: ${so}\` on the set)`, path);
    level = found.fields;
  }
  return { field: found as RecordField, category, lastIsList: (found as RecordField).list };
}
