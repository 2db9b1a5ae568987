import type { Doc, Filter, FindOptions, Sort } from './DocumentStore';

export interface PagedSource<T extends Doc> {
  find(filter: Filter, options: FindOptions): Promise<T[]>;
}

/**
 * `iterate` for every adapter, built on its `find`: one page of `batchSize` in memory at a time.
 * Sorted by `_id` (the default) it pages by `_id` beyond the last one seen, so documents deleted
 * or added behind the cursor neither shift nor repeat a page — an erasure may iterate and delete.
 * With another sort it pages by skip (ties broken by `_id`); concurrent deletes may then shift it.
 */
export async function* iterateByPages<T extends Doc>(
  source: PagedSource<T>,
  options: { filter: Filter; sort?: Sort; batchSize: number },
): AsyncGenerator<T> {
  const { filter, sort, batchSize } = options;
  const keys = sort ? Object.keys(sort) : [];
  if (keys.length === 0 || (keys.length === 1 && keys[0] === '_id')) {
    const direction = sort?._id ?? 1;
    let last: string | undefined;
    for (;;) {
      const after: Filter = last === undefined ? filter : { $and: [filter, { _id: direction === 1 ? { $gt: last } : { $lt: last } }] };
      const page = await source.find(after, { sort: { _id: direction }, limit: batchSize });
      yield* page;
      if (page.length < batchSize) return;
      last = page[page.length - 1]!._id;
    }
  }
  for (let skip = 0; ; skip += batchSize) {
    const page = await source.find(filter, { sort, skip, limit: batchSize });
    yield* page;
    if (page.length < batchSize) return;
  }
}
