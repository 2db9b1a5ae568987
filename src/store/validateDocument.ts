import type { Doc } from './DocumentStore';
import { describeValue, isPlainObject } from './describeValue';
import { validateValue } from './validateValue';

/** A document to insert: a plain object with a non-empty string `_id` and storable values. */
export function validateDocument(doc: unknown, where = 'document'): asserts doc is Doc {
  if (!isPlainObject(doc)) throw new TypeError(`expected a plain object as the ${where}, got ${describeValue(doc)}`);
  if (typeof doc._id !== 'string' || doc._id.length === 0) {
    throw new TypeError(`expected the ${where} to have a non-empty string _id, got ${describeValue(doc._id)}`);
  }
  validateValue(doc, where);
}
