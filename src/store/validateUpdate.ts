import type { Update } from './DocumentStore';
import { describeValue, isPlainObject, quote } from './describeValue';
import { assertDisjointPaths, validatePath } from './validatePath';
import { validateValue } from './validateValue';

export const UPDATE_OPERATORS = ['$set', '$unset', '$inc', '$push'] as const;

/**
 * The port's update language: `$set`, `$unset` (value true, 1 or ""), `$inc` (finite number),
 * `$push` (one value; `$each`/`$slice` are not part of the port). `_id` never changes, and a path
 * appears once across the whole update — MongoDB refuses `{ $set: { a }, $inc: { "a.b" } }`,
 * nedb would apply both in some order.
 */
export function validateUpdate(update: unknown): asserts update is Update {
  if (!isPlainObject(update) || Object.keys(update).length === 0) {
    throw new TypeError(`expected an update object with ${UPDATE_OPERATORS.join(', ')}, got ${describeValue(update)}${isPlainObject(update) ? ' with no operators' : ''}`);
  }
  const paths: string[] = [];
  for (const [op, operand] of Object.entries(update)) {
    if (!(UPDATE_OPERATORS as readonly string[]).includes(op)) {
      const hint = op.startsWith('$') ? ' (not part of the document-store port)' : ' (replacing a whole document is not part of the port)';
      throw new TypeError(`expected update operators ${UPDATE_OPERATORS.join(', ')}, got ${quote(op)}${hint}`);
    }
    if (!isPlainObject(operand)) throw new TypeError(`expected an object of field paths for ${op}, got ${describeValue(operand)}`);
    for (const [path, value] of Object.entries(operand)) {
      validatePath(path, `update.${op}`);
      if (path === '_id' || path.startsWith('_id.')) throw new TypeError(`expected an update that leaves _id unchanged, got ${op} on ${quote(path)}`);
      validateOperand({ op, path, value });
      paths.push(path);
    }
  }
  assertDisjointPaths(paths, 'an update');
}

function validateOperand({ op, path, value }: { op: string; path: string; value: unknown }): void {
  const at = `${op}.${path}`;
  if (op === '$unset') {
    if (value !== true && value !== 1 && value !== '') throw new TypeError(`expected true, 1 or "" for ${quote(at)}, got ${describeValue(value)}`);
  } else if (op === '$inc') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`expected a finite number for ${quote(at)}, got ${describeValue(value)}`);
  } else {
    validateValue(value, at);
  }
}
