import type { SourceRecord } from '../../src/sources/Connector';
import { parseSearchPage } from './parseSearchPage';
import { PROCESSOR_LIMITS } from './ProcessorApi';
import type { ProcessorClient } from './ProcessorClient';
import { processorRequests } from './processorRequests';

export interface SearchPaymentsOptions {
  client: ProcessorClient;
  source: string;
  customerIds: readonly string[];
  includeRestricted: boolean;
  /** Ask for each payment's customer, for the profile name. */
  expandCustomer: boolean;
  /** Bounds every page: one deadline for the whole lookup when the caller passes one. */
  signal?: AbortSignal;
}

/**
 * Every payment of the customers, a page at a time, in (createdAt, id) order. Following
 * `has_more` is part of one logical lookup (the processor caps a page, not a lookup); more than
 * 1000 ids take one search per 1000, the API's cap on a request.
 */
export async function* searchPayments(options: SearchPaymentsOptions): AsyncGenerator<SourceRecord[]> {
  for (let i = 0; i < options.customerIds.length; i += PROCESSOR_LIMITS.maxSearchIds) {
    const customerIds = options.customerIds.slice(i, i + PROCESSOR_LIMITS.maxSearchIds);
    let cursor: string | null = null;
    do {
      const request = processorRequests.searchPayments({ customerIds, cursor, includeRestricted: options.includeRestricted, expandCustomer: options.expandCustomer });
      const page = parseSearchPage(await options.client.send<unknown>(request, options.signal), options.source);
      if (page.nextCursor !== null && page.nextCursor === cursor) throw new TypeError('expected next_cursor to advance, got the same cursor twice');
      cursor = page.nextCursor;
      yield page.records;
    } while (cursor !== null);
  }
}

/** All pages in one array: for batch reads and DSR plans, whose result is the whole set anyway. */
export async function collectPayments(options: SearchPaymentsOptions): Promise<SourceRecord[]> {
  const all: SourceRecord[] = [];
  for await (const records of searchPayments(options)) all.push(...records);
  return all;
}
