import type { Sort } from './DocumentStore';

/**
 * The caller's sort with `_id` as the last key, so that ties come back in the same order from
 * both adapters and from one page to the next (skip-based paging depends on it).
 */
export function stableSort(sort: Sort | undefined): Sort | undefined {
  if (sort === undefined || Object.keys(sort).length === 0) return undefined;
  return '_id' in sort ? sort : { ...sort, _id: 1 };
}
