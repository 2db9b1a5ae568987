import type { AnyObject, Options } from 'mingo/types/types';
import { comparisonOperators, ensureArray, isNil, resolve } from './mingo';

type Predicate = (doc: AnyObject) => boolean;

/**
 * mingo's `$in`, with the same answers and without its cost for long operand lists: mingo hashes
 * the whole operand for every document it tests, so a 1 000-identity `$in` over a few thousand
 * orders (one batched identity lookup) took ~700 ms. Here the operand's strings, numbers and
 * booleans go into a Set once per query; a value found there is a match, as mingo would find it
 * (its equality for those is SameValueZero, as a Set's). Only the rest of the operand — null,
 * objects, arrays, Dates — is left to mingo's own `$in`, which also answers for missing values.
 */
export function setBackedIn(selector: string, operand: unknown, options: Options): Predicate {
  const values = operand as readonly unknown[];
  const primitives = new Set(values.filter(isPrimitive));
  const others = values.filter((v) => !isPrimitive(v));
  const inOthers: Predicate = others.length > 0 ? comparisonOperators.$in(selector, others, options) : () => false;
  if (primitives.size === 0) return inOthers;
  return (doc) => {
    const found = resolve(doc, selector, { unwrapArray: true });
    if (!isNil(found) && ensureArray(found).some((v) => primitives.has(v))) return true;
    return inOthers(doc);
  };
}

/** mingo's `$nin`: not `$in`. */
export function setBackedNin(selector: string, operand: unknown, options: Options): Predicate {
  const within = setBackedIn(selector, operand, options);
  return (doc) => !within(doc);
}

const isPrimitive = (v: unknown): boolean => typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number';
