import type { Filter } from '../DocumentStore';
import { isOperatorObject } from '../validateFilter';
import { matchesFilter } from './matchesFilter';

/**
 * The port's filter as a nedb query: our matcher decides (`$where`), and an `_id` equality or
 * `$in` found at the top level is also given to nedb so it reads candidates from its `_id` index.
 * (Ranges are not: nedb orders strings by UTF-16 units, MongoDB and `compareValues` by UTF-8.)
 */
export function nedbQuery(filter: Filter): Record<string, unknown> {
  const query: Record<string, unknown> = { $where: function (this: unknown): boolean { return matchesFilter(this, filter); } };
  const id = filter._id;
  if (typeof id === 'string') query._id = id;
  else if (isOperatorObject(id) && Object.keys(id).length === 1) {
    if (typeof id.$eq === 'string') query._id = id.$eq;
    else if (Array.isArray(id.$in) && id.$in.every((v) => typeof v === 'string')) query._id = { $in: id.$in };
  }
  return query;
}
