import type { Filter } from './DocumentStore';
import { isOperatorObject } from './validateFilter';

/**
 * The fields an upsert copies from its filter into the new document, as MongoDB does: equality
 * conditions (a literal or `$eq`) at the top level and inside `$and` (or a one-branch `$or`).
 * Returns path → value; dotted paths become nested fields when applied with `$set`.
 */
export function upsertEqualities(filter: Filter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  collect(filter, out);
  return out;
}

function collect(filter: Filter, out: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') for (const sub of value as Filter[]) collect(sub, out);
    else if (key === '$or') {
      const branches = value as Filter[];
      if (branches.length === 1) collect(branches[0]!, out);
    } else if (!isOperatorObject(value)) out[key] = value;
    else if ('$eq' in value) out[key] = value.$eq;
  }
}
