import type {
  DeleteCustomerResponse,
  DeleteCustomersResponse,
  DeletePaymentResponse,
  DeletePaymentsResponse,
  DepersonalizeResponse,
  HealthResponse,
  ListResponse,
  ProcessorCustomer,
  ProcessorPayment,
  RestrictPaymentsResponse,
  RestrictResponse,
  SearchCustomersResponse,
  SearchPaymentsResponse,
  UpdateCustomerBody,
} from '../ProcessorApi';
import { PROCESSOR_LIMITS } from '../ProcessorApi';
import { ApiError } from './ApiError';
import type { ProcessorStore } from './ProcessorStore';
import { requestParams as p } from './requestParams';

export const ROUTE_NAMES = [
  'GET /health',
  'GET /v1/customers/:id',
  'GET /v1/customers/:id/payments',
  'POST /v1/customers/search',
  'PATCH /v1/customers/:id',
  'POST /v1/payments/search',
  'GET /v1/payments/:id',
  'POST /v1/customers/:id/restrict',
  'POST /v1/payments/restrict',
  'POST /v1/customers/:id/depersonalize',
  'DELETE /v1/customers/:id',
  'POST /v1/customers/delete',
  'DELETE /v1/payments/:id',
  'POST /v1/payments/delete',
  'POST /v1/payments/:id/notes',
] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

export interface RouteRequest {
  /** The `:id` path segment, still URI-encoded. */
  readonly id: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

export interface Route {
  readonly name: RouteName;
  readonly method: string;
  readonly pattern: RegExp;
  /** Answers without credentials (a liveness probe); credentials that are sent are still checked. */
  readonly isPublic: boolean;
  readonly hasBody: boolean;
  handle(request: RouteRequest): Promise<unknown>;
}

type Handler = (request: RouteRequest) => Promise<unknown>;

function found<T>(value: T | null, what: string): T {
  if (value === null) throw ApiError.notFound(what);
  return value;
}

function route(name: RouteName, handle: Handler, options: { isPublic?: boolean } = {}): Route {
  const [method = '', template = ''] = name.split(' ');
  const pattern = new RegExp(`^${template.replace(':id', '([^/]+)')}$`);
  return { name, method, pattern, handle, isPublic: options.isPublic ?? false, hasBody: method === 'POST' || method === 'PATCH' || method === 'DELETE' };
}

/** `?keep=a,b` and/or `{ keep: [...] }`: long lists travel in the body so URLs stay short. */
function keepList(request: RouteRequest): string[] {
  const fromQuery = request.query.get('keep')?.split(',').filter(Boolean) ?? [];
  const body = p.object(request.body, ['keep']);
  const fromBody = body.keep === undefined ? [] : p.ids(body.keep, { name: 'keep', max: PROCESSOR_LIMITS.maxKeep });
  return p.ids([...fromQuery, ...fromBody], { name: 'keep', max: PROCESSOR_LIMITS.maxKeep });
}

/** The processor's API. Every list is ordered by (createdAt, id) and paged by `limit`. */
export function createProcessorRoutes(store: ProcessorStore, clock: () => Date = () => new Date()): Route[] {
  const customer = async (request: RouteRequest): Promise<ProcessorCustomer> => found(await store.getCustomer(p.pathId(request.id, 'cus_')), 'customer');

  async function search(request: RouteRequest): Promise<SearchPaymentsResponse> {
    const body = p.object(request.body, ['customer_ids', 'limit', 'starting_after', 'include_restricted', 'expand']);
    const expand = body.expand === undefined ? [] : body.expand;
    if (!Array.isArray(expand) || expand.some((e) => e !== 'customer')) throw ApiError.invalid(`expected expand to be [] or ["customer"], got ${JSON.stringify(expand)}`);
    const page = await store.findPayments({
      customerIds: p.ids(body.customer_ids, { name: 'customer_ids', min: 1, max: PROCESSOR_LIMITS.maxSearchIds }),
      limit: p.limit(body.limit),
      after: p.decodeCursor(body.starting_after),
      includeRestricted: p.flag(body.include_restricted, 'include_restricted', false),
    });
    const last = page.data.at(-1);
    const next_cursor = page.hasMore && last ? p.encodeCursor(last) : null;
    if (expand.length === 0) return { data: page.data, has_more: page.hasMore, next_cursor };
    const owners = new Map((await store.findCustomers(page.data.flatMap((x) => (x.customerId ? [x.customerId] : [])))).map((c) => [c.id, c]));
    const data = page.data.map((x) => ({ ...x, customer: (x.customerId && owners.get(x.customerId)) || null }));
    return { data, has_more: page.hasMore, next_cursor };
  }

  async function searchCustomers(request: RouteRequest): Promise<SearchCustomersResponse> {
    const body = p.object(request.body, ['ids', 'limit', 'starting_after', 'include_restricted']);
    const page = await store.findCustomersPage({
      ids: p.ids(body.ids, { name: 'ids', min: 1, max: PROCESSOR_LIMITS.maxSearchIds }),
      limit: p.limit(body.limit),
      after: p.decodeCursor(body.starting_after),
      includeRestricted: p.flag(body.include_restricted, 'include_restricted', false),
    });
    const last = page.data.at(-1);
    return { data: page.data, has_more: page.hasMore, next_cursor: page.hasMore && last ? p.encodeCursor(last) : null };
  }

  /** A customer's own record: the name (rectification, issue #10) and its restriction, its payments untouched. */
  async function updateCustomer(request: RouteRequest): Promise<ProcessorCustomer> {
    const body = p.object(request.body, ['name', 'restricted']);
    const changes: UpdateCustomerBody = {};
    if (body.name !== undefined) changes.name = body.name === null ? null : p.text(body.name, { name: 'name', max: PROCESSOR_LIMITS.maxNameLength });
    if (body.restricted !== undefined) changes.restricted = p.flag(body.restricted, 'restricted', false);
    return found(await store.updateCustomer(p.pathId(request.id, 'cus_'), changes), 'customer');
  }

  async function listPayments(request: RouteRequest): Promise<ListResponse<ProcessorPayment>> {
    const { id } = await customer(request);
    const startingAfter = request.query.get('starting_after');
    const after = startingAfter === null ? undefined : await store.getPayment(startingAfter);
    if (after === null || (after && after.customerId !== id)) throw ApiError.invalid(`expected starting_after to be the id of a payment of this customer, got ${JSON.stringify(startingAfter)}`);
    const includeRestricted = p.flag(request.query.get('include_restricted') ?? undefined, 'include_restricted', false);
    const page = await store.findPayments({ customerIds: [id], limit: p.limit(request.query.get('limit') ?? undefined), after, includeRestricted });
    return { data: page.data, has_more: page.hasMore };
  }

  return [
    route('GET /health', async (): Promise<HealthResponse> => ({ status: 'ok' }), { isPublic: true }),
    route('GET /v1/customers/:id', customer),
    route('GET /v1/customers/:id/payments', listPayments),
    route('POST /v1/customers/search', searchCustomers),
    route('PATCH /v1/customers/:id', updateCustomer),
    route('POST /v1/payments/search', search),
    route('GET /v1/payments/:id', async (request) => found(await store.getPayment(p.pathId(request.id, 'pay_')), 'payment')),
    route('POST /v1/customers/:id/restrict', async (request): Promise<RestrictResponse> => {
      const body = p.object(request.body, ['restricted']);
      if (typeof body.restricted !== 'boolean') throw ApiError.invalid(`expected restricted to be true or false, got ${JSON.stringify(body.restricted)}`);
      const id = p.pathId(request.id, 'cus_');
      const done = found(await store.restrictCustomer(id, body.restricted), 'customer');
      return { id, restricted: body.restricted, payments: done.payments };
    }),
    route('POST /v1/customers/:id/depersonalize', async (request): Promise<DepersonalizeResponse> => {
      const id = p.pathId(request.id, 'cus_');
      const done = found(await store.depersonalizeCustomer(id, keepList(request)), 'customer');
      return { id, payments_depersonalized: done.depersonalized, payments_retained: done.retained };
    }),
    route('POST /v1/payments/restrict', async (request): Promise<RestrictPaymentsResponse> => {
      const body = p.object(request.body, ['ids', 'restricted']);
      if (typeof body.restricted !== 'boolean') throw ApiError.invalid(`expected restricted to be true or false, got ${JSON.stringify(body.restricted)}`);
      return { updated: await store.restrictPayments(p.ids(body.ids, { name: 'ids', min: 1, max: PROCESSOR_LIMITS.maxBatchIds }), body.restricted) };
    }),
    // `?cascade=false` deletes the customer record alone (a client that erases payments record by record).
    route('DELETE /v1/customers/:id', async (request): Promise<DeleteCustomerResponse> => {
      const id = p.pathId(request.id, 'cus_');
      const cascade = p.flag(request.query.get('cascade') ?? undefined, 'cascade', true);
      const done = found(await store.deleteCustomer(id, keepList(request), { cascade }), 'customer');
      return { id, deleted: true, payments_deleted: done.deleted, payments_retained: done.retained };
    }),
    // Customer records alone, many at once: one rewrite of the file for the whole batch.
    route('POST /v1/customers/delete', async (request): Promise<DeleteCustomersResponse> => {
      const body = p.object(request.body, ['ids']);
      return { deleted: await store.deleteCustomers(p.ids(body.ids, { name: 'ids', min: 1, max: PROCESSOR_LIMITS.maxBatchIds })) };
    }),
    route('DELETE /v1/payments/:id', async (request): Promise<DeletePaymentResponse> => {
      const id = p.pathId(request.id, 'pay_');
      if (!(await store.deletePayment(id))) throw ApiError.notFound('payment');
      return { id, deleted: true };
    }),
    route('POST /v1/payments/delete', async (request): Promise<DeletePaymentsResponse> => {
      const body = p.object(request.body, ['ids']);
      return { deleted: await store.deletePayments(p.ids(body.ids, { name: 'ids', min: 1, max: PROCESSOR_LIMITS.maxBatchIds })) };
    }),
    route('POST /v1/payments/:id/notes', async (request): Promise<ProcessorPayment> => {
      const body = p.object(request.body, ['note']);
      const note = p.text(body.note, { name: 'note', max: PROCESSOR_LIMITS.maxNoteLength });
      return found(await store.addNote(p.pathId(request.id, 'pay_'), note, clock()), 'payment');
    }),
  ];
}
