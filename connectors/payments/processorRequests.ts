import { PROCESSOR_LIMITS } from './ProcessorApi';
import type { SearchPaymentsBody } from './ProcessorApi';

/** One call to the processor, described without doing it: the builder is pure, the client does I/O. */
export interface ProcessorRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** The route template, which errors and logs name: never the ids (a customer id identifies a person). */
  readonly route: string;
  /** Path and query relative to the base URL, ids URI-encoded. */
  readonly path: string;
  readonly body?: unknown;
}

const segment = (id: string): string => {
  if (typeof id !== 'string' || id.length === 0) throw new TypeError(`expected a non-empty id, got ${typeof id === 'string' ? 'an empty string' : typeof id}`);
  return encodeURIComponent(id);
};

function searchPayments(options: { customerIds: readonly string[]; cursor?: string | null; includeRestricted: boolean; expandCustomer: boolean }): ProcessorRequest {
  const count = options.customerIds.length;
  if (count === 0 || count > PROCESSOR_LIMITS.maxSearchIds) throw new TypeError(`expected 1 to ${PROCESSOR_LIMITS.maxSearchIds} customer ids per search, got ${count}`);
  const body: SearchPaymentsBody = {
    customer_ids: [...options.customerIds],
    // The largest page: fewest round trips for a batch.
    limit: PROCESSOR_LIMITS.maxPageSize,
    include_restricted: options.includeRestricted,
  };
  if (options.cursor) body.starting_after = options.cursor;
  if (options.expandCustomer) body.expand = ['customer'];
  return { method: 'POST', route: 'POST /v1/payments/search', path: '/v1/payments/search', body };
}

/** The payments to keep go in the query while short, in the body beyond that: URLs have limits, bodies do not. */
function keepParams(keep: readonly string[]): { query: string; body?: { keep: string[] } } {
  if (keep.length === 0) return { query: '' };
  if (keep.length <= PROCESSOR_LIMITS.maxKeepInQuery) return { query: `?keep=${keep.map(segment).join(',')}` };
  return { query: '', body: { keep: [...keep] } };
}

function deleteCustomer(customerId: string, keep: readonly string[]): ProcessorRequest {
  const { query, body } = keepParams(keep);
  return { method: 'DELETE', route: 'DELETE /v1/customers/:id', path: `/v1/customers/${segment(customerId)}${query}`, body };
}

function depersonalizeCustomer(customerId: string, keep: readonly string[]): ProcessorRequest {
  return { method: 'POST', route: 'POST /v1/customers/:id/depersonalize', path: `/v1/customers/${segment(customerId)}/depersonalize`, body: { keep: [...keep] } };
}

export const processorRequests = {
  health: (): ProcessorRequest => ({ method: 'GET', route: 'GET /health', path: '/health' }),
  searchPayments,
  restrictCustomer: (customerId: string, restricted: boolean): ProcessorRequest => ({
    method: 'POST',
    route: 'POST /v1/customers/:id/restrict',
    path: `/v1/customers/${segment(customerId)}/restrict`,
    body: { restricted },
  }),
  deleteCustomer,
  depersonalizeCustomer,
  deletePayment: (paymentId: string): ProcessorRequest => ({ method: 'DELETE', route: 'DELETE /v1/payments/:id', path: `/v1/payments/${segment(paymentId)}` }),
  addPaymentNote: (paymentId: string, note: string): ProcessorRequest => ({
    method: 'POST',
    route: 'POST /v1/payments/:id/notes',
    path: `/v1/payments/${segment(paymentId)}/notes`,
    body: { note },
  }),
};
