import { SourceUnavailableError } from '../../src/errors';
import type { Row } from '../../src/sources/engine/CollectionDriver';
import { buildSearchRequest } from './buildSearchRequest';
import type { RestClient } from './createRestClient';
import { mapBounded } from './mapBounded';
import { readSearchPage } from './readSearchPage';
import type { SearchEndpoint } from './RestOptions';

export interface SearchRowsOptions {
  readonly client: RestClient;
  /** Source name, for errors. */
  readonly source: string;
  readonly endpoint: SearchEndpoint;
  readonly values: readonly unknown[];
  readonly signal?: AbortSignal;
}

/**
 * Every row the endpoint answers for `values`: one call per batch of `endpoint.batch` values (or
 * per value, when they go in the path), each followed through its pages, `endpoint.concurrency`
 * calls in flight. Following pages is part of one lookup: the API caps a page, not a lookup.
 * A value looked up in the path that answers 404 has no rows; an answer of the wrong shape is
 * permanent (the declaration and the API disagree: retrying changes nothing).
 */
export async function searchRows(options: SearchRowsOptions): Promise<Row[]> {
  const { endpoint, client } = options;
  const values = [...new Set(options.values)];
  const perValue = endpoint.values.in === 'path';
  const batches: unknown[][] = [];
  for (let i = 0; i < values.length; i += endpoint.batch) batches.push(values.slice(i, i + endpoint.batch));

  async function lookup(batch: readonly unknown[]): Promise<Row[]> {
    const rows: Row[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const request = buildSearchRequest(endpoint, { values: batch, cursor });
      const answer = await client.send(request, { signal: options.signal, notFoundAsNull: perValue });
      if (answer === null) return rows;
      let page;
      try {
        page = readSearchPage(endpoint, answer, cursor);
        if (page.next !== null && seen.has(page.next)) throw new TypeError('expected the cursor to advance, got one seen before');
      } catch (error) {
        throw new SourceUnavailableError(options.source, new Error(`${(error as Error).message} in the answer to ${request.route}`));
      }
      rows.push(...page.rows);
      cursor = page.next;
      if (cursor !== null) seen.add(cursor);
    } while (cursor !== null);
    return rows;
  }

  return (await mapBounded(batches, endpoint.concurrency, lookup)).flat();
}
