import type { Filter } from '../../src/store/DocumentStore';
import type { Identity } from '../../src/sources/Identity';
import { IDENTITY_FIELDS } from './OrderDocument';

/**
 * The one store query for a batch of identities: `$or` of one `$in` per identity type, so a batch
 * of any size costs one round trip. Pure — tested without a database. Null when no identity is of
 * a type orders are searched by (nothing to ask the store).
 */
export function buildIdentityFilter(identities: readonly Identity[], options: { includeRestricted: boolean }): Filter | null {
  const valuesByField = new Map<string, Set<string>>();
  for (const identity of identities) {
    const field = IDENTITY_FIELDS[identity.type];
    if (field === undefined) continue;
    const values = valuesByField.get(field) ?? new Set<string>();
    values.add(identity.value);
    valuesByField.set(field, values);
  }
  if (valuesByField.size === 0) return null;
  const branches: Filter[] = [...valuesByField].map(([field, values]) => ({ [field]: { $in: [...values] } }));
  return options.includeRestricted ? { $or: branches } : { $or: branches, restricted: { $ne: true } };
}
