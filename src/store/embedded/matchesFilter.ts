import type { Filter } from '../DocumentStore';
import { isDate, isPlainObject } from '../describeValue';
import { isOperatorObject } from '../validateFilter';
import { compareValues, valuesEqual } from './compareValues';

/**
 * Whether a document matches a (validated) filter, with MongoDB's semantics — which nedb's own
 * matcher does not share: `null` matches a missing field, `$ne`/`$nin` mean "no element equals",
 * `$exists` holds for an empty array, ranges compare within one type. Running the port's language
 * through this one function is what makes the embedded store answer like production.
 */
export function matchesFilter(doc: unknown, filter: Filter): boolean {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$or') {
      if (!(condition as Filter[]).some((f) => matchesFilter(doc, f))) return false;
    } else if (key === '$and') {
      if (!(condition as Filter[]).every((f) => matchesFilter(doc, f))) return false;
    } else if (!matchesField(leavesAt(doc, key.split('.')), condition)) return false;
  }
  return true;
}

/** The values a path reaches, descending into arrays of objects; `undefined` where it ends early. */
function leavesAt(value: unknown, segments: readonly string[], i = 0): unknown[] {
  if (i === segments.length) return [value];
  const segment = segments[i]!;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    if (/^\d+$/.test(segment) && Number(segment) < value.length) out.push(...leavesAt(value[Number(segment)], segments, i + 1));
    for (const item of value) if (isPlainObject(item)) out.push(...leavesAt(item, segments, i));
    return out;
  }
  if (isPlainObject(value) && Object.hasOwn(value, segment)) return leavesAt(value[segment], segments, i + 1);
  return [undefined];
}

function matchesField(leaves: unknown[], condition: unknown): boolean {
  if (!isOperatorObject(condition)) return equalsAny(leaves, condition);
  return Object.entries(condition).every(([op, operand]) => {
    switch (op) {
      case '$eq':
        return equalsAny(leaves, operand);
      case '$ne':
        return !equalsAny(leaves, operand);
      case '$in':
        return inAny(leaves, operand as unknown[]);
      case '$nin':
        return !inAny(leaves, operand as unknown[]);
      case '$exists':
        return leaves.some((l) => l !== undefined) === operand;
      default:
        return inRange(leaves, op, operand);
    }
  });
}

/** A leaf that is an array matches as a whole and by any of its elements. */
const expand = (leaves: unknown[]): unknown[] => (leaves.some(Array.isArray) ? leaves.flatMap((l) => (Array.isArray(l) ? [l, ...(l as unknown[])] : [l])) : leaves);

function equalsAny(leaves: unknown[], value: unknown): boolean {
  if (value === null) return leaves.length === 0 || expand(leaves).some((l) => l === undefined || l === null);
  return expand(leaves).some((l) => valuesEqual(l, value));
}

/**
 * `$in` as `operand.some((v) => equalsAny(leaves, v))`, without its cost: a full scan tests every
 * document against every value, so a 1 000-identity `$in` over a few thousand documents was the
 * embedded store's hot spot. Primitive operands (strict equality is `valuesEqual` for them; NaN
 * equals nothing, so it stays out) go into a Set built once per operand array; the rest (null,
 * objects, arrays, Dates) keep the exact path.
 */
const inSets = new WeakMap<readonly unknown[], { length: number; primitives: Set<unknown>; others: unknown[] }>();

function inAny(leaves: unknown[], operand: readonly unknown[]): boolean {
  let split = inSets.get(operand);
  if (!split || split.length !== operand.length) {
    const primitives = new Set<unknown>();
    const others: unknown[] = [];
    for (const v of operand) {
      if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v))) primitives.add(v);
      else others.push(v);
    }
    split = { length: operand.length, primitives, others };
    inSets.set(operand, split);
  }
  const { primitives, others } = split;
  if (primitives.size > 0 && expand(leaves).some((l) => primitives.has(l))) return true;
  return others.some((v) => equalsAny(leaves, v));
}

function inRange(leaves: unknown[], op: string, bound: unknown): boolean {
  return expand(leaves).some((l) => {
    const sameType = typeof l === typeof bound && (typeof l !== 'object' || (isDate(l) && isDate(bound)));
    if (!sameType || l === undefined) return false;
    const c = compareValues(l, bound);
    return op === '$lt' ? c < 0 : op === '$lte' ? c <= 0 : op === '$gt' ? c > 0 : c >= 0;
  });
}

/**
 * Sorts documents (in a new array) as MongoDB does: arrays by their least element ascending and
 * their greatest descending, missing as null. Keys are computed once per document.
 */
export function sortDocuments<T>(docs: readonly T[], sort: Record<string, 1 | -1>): T[] {
  const keys = Object.entries(sort).map(([path, direction]) => ({ segments: path.split('.'), direction }));
  const sortValue = (doc: unknown, segments: string[], direction: 1 | -1): unknown => {
    const values = expand(leavesAt(doc, segments)).filter((v) => !Array.isArray(v));
    if (values.length === 0) return null;
    return values.reduce((best, v) => (compareValues(v, best) * direction < 0 ? v : best));
  };
  const decorated = docs.map((doc) => ({ doc, values: keys.map((k) => sortValue(doc, k.segments, k.direction)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i += 1) {
      const c = compareValues(a.values[i], b.values[i]) * keys[i]!.direction;
      if (c !== 0) return c;
    }
    return 0;
  });
  return decorated.map((d) => d.doc);
}
