import type { Filter } from '../DocumentStore';
import { isOperatorObject } from '../validateFilter';

/**
 * Where an indexed lookup can narrow a scan: nedb queries that together return every document
 * the filter can match, each through one of nedb's indexes, or null when no index helps (scan
 * everything, as before). Only string equality and string `$in` on a top-level indexed field
 * qualify: for them nedb's index and matcher agree with MongoDB's (an array field matches by any
 * element); ranges are left to the scan. A top-level condition gives one query; a top-level `$or`
 * whose every branch is such a condition gives one query per branch (MongoDB's plan for `$or`), to
 * be unioned; a top-level `$and` gives those of its first part that has some. The hints only
 * choose candidates: mingo (compileFilter) still decides every match.
 */
export function indexHints(filter: Filter, indexed: ReadonlySet<string>): Array<Record<string, unknown>> | null {
  for (const [field, condition] of Object.entries(filter)) {
    const hint = hintFor(field, condition, indexed);
    if (hint) return [hint];
  }
  // Every document matching an $and matches each of its parts: any part's lookups will do
  // (`iterate` pages with { $and: [filter, { _id: { $gt: last } }] }).
  if (Array.isArray(filter.$and)) {
    for (const part of filter.$and as Filter[]) {
      const hints = indexHints(part, indexed);
      if (hints) return hints;
    }
  }
  const branches = filter.$or;
  if (!Array.isArray(branches) || branches.length === 0) return null;
  const hints: Array<Record<string, unknown>> = [];
  for (const branch of branches as Filter[]) {
    const entries = Object.entries(branch);
    const hint = entries.length === 1 ? hintFor(entries[0]![0], entries[0]![1], indexed) : null;
    if (!hint) return null;
    hints.push(hint);
  }
  return hints;
}

function hintFor(field: string, condition: unknown, indexed: ReadonlySet<string>): Record<string, unknown> | null {
  if (field.startsWith('$') || field.includes('.') || !indexed.has(field)) return null;
  if (typeof condition === 'string') return { [field]: condition };
  if (!isOperatorObject(condition) || Object.keys(condition).length !== 1) return null;
  if (typeof condition.$eq === 'string') return { [field]: condition.$eq };
  if (Array.isArray(condition.$in) && condition.$in.every((v) => typeof v === 'string')) return { [field]: { $in: condition.$in } };
  return null;
}
