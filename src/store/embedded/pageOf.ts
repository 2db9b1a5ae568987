import type { FindOptions } from '../DocumentStore';
import { Query } from './mingo';
import { mingoOptions } from './mingoOptions';
import { copyStored } from './storedMatches';

/**
 * The page a find returns from matching stored documents: sorted, skipped, limited and projected
 * by mingo (MongoDB's order across types, arrays by their least element ascending, inclusion
 * projection through arrays per element), then copied, so that only the page is ever copied out
 * of nedb and nothing handed out shares an object with the store.
 */
export function pageOf<T>(matches: readonly T[], options: FindOptions): T[] {
  const cursor = new Query({}, mingoOptions).find<T>(matches as T[], options.projection as never);
  if (options.sort) cursor.sort(options.sort);
  if (options.skip) cursor.skip(options.skip);
  if (options.limit) cursor.limit(options.limit);
  return cursor.all().map(copyStored);
}
