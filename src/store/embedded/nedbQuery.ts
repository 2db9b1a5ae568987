import type { Filter } from '../DocumentStore';
import { isOperatorObject } from '../validateFilter';
import { compileFilter } from './compileFilter';

/**
 * The port's filter as a nedb query: mingo decides (`$where`, see compileFilter), and an `_id`
 * equality or `$in` found at the top level is also given to nedb so it reads candidates from its
 * `_id` index. Only string equalities are: there nedb's matcher cannot disagree with mingo's.
 */
export function nedbQuery(filter: Filter, matches: (doc: unknown) => boolean = compileFilter(filter)): Record<string, unknown> {
  const query: Record<string, unknown> = { $where: function (this: unknown): boolean { return matches(this); } };
  const id = filter._id;
  if (typeof id === 'string') query._id = id;
  else if (isOperatorObject(id) && Object.keys(id).length === 1) {
    if (typeof id.$eq === 'string') query._id = id.$eq;
    else if (Array.isArray(id.$in) && id.$in.every((v) => typeof v === 'string')) query._id = { $in: id.$in };
  }
  return query;
}
