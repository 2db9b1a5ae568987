import type { CollectionDeclaration } from '../declarations/SourceDeclaration';
import type { Row } from './CollectionDriver';
import { matchKey, valueAt } from './valuesAt';

/** The GraphQL `id` of a record: its primary key's values joined with ":" (CONTRACT.md §7). */
export function publicId(collection: CollectionDeclaration, row: Row): string {
  return primaryKeyOf(collection, row).map(matchKey).join(':');
}

export function primaryKeyOf(collection: CollectionDeclaration, row: Row): unknown[] {
  return collection.primaryKey.map((path) => valueAt(row, path));
}

/**
 * A record's id within its source (`SourceRecord.id`): the collection and the key, so records of
 * two collections never collide and a retained record can be found again for its purge.
 */
export function recordId(collection: CollectionDeclaration, row: Row): string {
  return `${collection.name}/${JSON.stringify(primaryKeyOf(collection, row).map((v) => (v instanceof Date ? v.toISOString() : v)))}`;
}

/** The inverse of `recordId`; a TypeError for an id no collection of the source could have given. */
export function parseRecordId(collections: readonly CollectionDeclaration[], id: string): { collection: CollectionDeclaration; key: unknown[] } {
  const slash = typeof id === 'string' ? id.indexOf('/') : -1;
  const collection = slash > 0 ? collections.find((c) => c.name === id.slice(0, slash)) : undefined;
  let key: unknown;
  try {
    key = collection ? JSON.parse(id.slice(slash + 1)) : undefined;
  } catch {
    key = undefined;
  }
  if (!collection || !Array.isArray(key) || key.length !== collection.primaryKey.length) {
    // The id itself is not quoted: a primary key may be personal (Fides' `visit` is keyed by email).
    throw new TypeError(`expected a record id "<collection>/[key…]" of this source, got ${typeof id === 'string' ? `a string of ${id.length} characters` : typeof id}`);
  }
  return { collection, key };
}
