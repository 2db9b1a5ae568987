import type { Filter } from './DocumentStore';
import { describeValue, isDate, isPlainObject, quote } from './describeValue';
import { validatePath } from './validatePath';
import { validateValue } from './validateValue';

/**
 * The port's query language, checked the same way for every adapter, so that a filter MongoDB
 * accepts is one the embedded store accepts and means the same thing there:
 *   top level:  field paths (dot notation), `$or` and `$and` (non-empty arrays of filters);
 *   per field:  a literal (equality), or an object of `$eq $ne $in $nin $lt $lte $gt $gte $exists`
 *               and `$elemMatch` (one array element meets every condition: a filter on the
 *               element's fields, or operators on a scalar element).
 * Everything else — `$where`, `$regex`, `$expr`, `$not`, `$size`, RegExp literals, `undefined` —
 * is a TypeError at the call rather than a difference between production and tests.
 */
export const FIELD_OPERATORS = ['$eq', '$ne', '$in', '$nin', '$lt', '$lte', '$gt', '$gte', '$exists', '$elemMatch'] as const;
export const LOGICAL_OPERATORS = ['$or', '$and'] as const;
const RANGE = new Set(['$lt', '$lte', '$gt', '$gte']);

export function validateFilter(filter: unknown, where = 'filter'): asserts filter is Filter {
  if (!isPlainObject(filter)) throw new TypeError(`expected a filter object in ${where}, got ${describeValue(filter)}`);
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$or' || key === '$and') {
      if (!Array.isArray(value) || value.length === 0) {
        throw new TypeError(`expected ${key} to be a non-empty array of filters in ${where}, got ${describeValue(value)}`);
      }
      value.forEach((sub, i) => validateFilter(sub, `${where}.${key}.${i}`));
    } else if (key.startsWith('$')) {
      throw new TypeError(`expected a field path, $or or $and in ${where}, got ${quote(key)} (not part of the document-store port)`);
    } else {
      validatePath(key, where);
      validateCondition(value, `${where}.${key}`);
    }
  }
}

/** True for `{ $gt: 1, $lt: 5 }`; false for a literal. A mix of both is rejected by validation. */
export function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

function validateCondition(value: unknown, at: string): void {
  if (!isOperatorObject(value)) {
    validateValue(value, at);
    return;
  }
  const keys = Object.keys(value);
  if (!keys.every((k) => k.startsWith('$'))) {
    throw new TypeError(`expected either operators or a literal object at ${quote(at)}, got a mix (${keys.map(quote).join(', ')})`);
  }
  for (const [op, operand] of Object.entries(value)) validateOperator({ op, operand, at });
}

function validateOperator({ op, operand, at }: { op: string; operand: unknown; at: string }): void {
  if (op === '$eq' || op === '$ne') return validateValue(operand, `${at}.${op}`);
  if (op === '$in' || op === '$nin') {
    if (!Array.isArray(operand)) throw new TypeError(`expected an array for ${op} at ${quote(at)}, got ${describeValue(operand)}`);
    return operand.forEach((item, i) => validateValue(item, `${at}.${op}.${i}`));
  }
  if (op === '$exists') {
    if (typeof operand !== 'boolean') throw new TypeError(`expected true or false for $exists at ${quote(at)}, got ${describeValue(operand)}`);
    return;
  }
  if (op === '$elemMatch') return validateElemMatch(operand, at);
  if (RANGE.has(op)) {
    // Ranges compare within one type (numbers, strings or Dates) in both adapters; MongoDB also
    // orders booleans and null, nedb never matches them, so the port leaves those out.
    const ok = typeof operand === 'string' || (typeof operand === 'number' && Number.isFinite(operand)) ||
      (isDate(operand) && !Number.isNaN(operand.getTime()));
    if (!ok) throw new TypeError(`expected a string, finite number or Date for ${op} at ${quote(at)}, got ${describeValue(operand)}`);
    return;
  }
  throw new TypeError(`expected one of ${FIELD_OPERATORS.join(' ')} at ${quote(at)}, got ${quote(op)} (not part of the document-store port)`);
}

/** `{ $elemMatch: { sku: "s1", q: { $gt: 1 } } }` (element fields) or `{ $elemMatch: { $gte: 80, $lt: 85 } }` (scalars). */
function validateElemMatch(operand: unknown, at: string): void {
  if (!isPlainObject(operand) || Object.keys(operand).length === 0) {
    throw new TypeError(`expected a non-empty object of conditions for $elemMatch at ${quote(at)}, got ${describeValue(operand)}${isPlainObject(operand) ? ' with none' : ''}`);
  }
  const keys = Object.keys(operand);
  if (keys.every((k) => k.startsWith('$') && k !== '$or' && k !== '$and')) validateCondition(operand, `${at}.$elemMatch`);
  else validateFilter(operand, `${at}.$elemMatch`);
}
