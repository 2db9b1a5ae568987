import type { SourceRecord } from '../../src/sources/Connector';
import { toPaymentRecord } from './toPaymentRecord';

export interface SearchPage {
  records: SourceRecord[];
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

/** One page of `POST /v1/payments/search`, checked: a page that says there is more must say where. */
export function parseSearchPage(body: unknown, source: string): SearchPage {
  const page = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!Array.isArray(page.data)) throw new TypeError(`expected a search page with a data array, got ${body === null ? 'null' : typeof page.data}`);
  if (typeof page.has_more !== 'boolean') throw new TypeError(`expected has_more to be a boolean, got ${typeof page.has_more}`);
  if (page.has_more && (typeof page.next_cursor !== 'string' || page.next_cursor === '')) {
    throw new TypeError(`expected a next_cursor string when has_more is true, got ${typeof page.next_cursor}`);
  }
  return { records: page.data.map((p) => toPaymentRecord(p, source)), nextCursor: page.has_more ? (page.next_cursor as string) : null };
}
