import type { Filter } from '../DocumentStore';
import { Query } from './mingo';
import { mingoOptions } from './mingoOptions';

/**
 * A (validated) filter as a predicate with MongoDB's matching rules, as mingo implements them:
 * `null` matches a missing field, arrays match by any element, `$ne`/`$nin` mean "no element
 * equals", ranges compare within one type, `$elemMatch` holds one element to every condition.
 * Compiled once per call, tested once per candidate document.
 */
export function compileFilter(filter: Filter): (doc: unknown) => boolean {
  const query = new Query(filter, mingoOptions);
  return (doc) => query.test(doc as Record<string, unknown>);
}
