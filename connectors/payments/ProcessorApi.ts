/**
 * The payment processor's REST API, as the connector relies on it and as the demo processor
 * serves it. Types only: both sides import this file, so a change to the wire format is a type
 * error on both at once. Objects use the processor's own field names; request parameters and
 * list envelopes are snake_case, as in the processor's (Stripe-like) API.
 */

export type PaymentStatus = 'succeeded' | 'refunded' | 'failed';

export interface ProcessorCustomer {
  /** `cus_...`; the gateway's CUSTOMER_ID identity. */
  id: string;
  name: string | null;
  createdAt: string;
  restricted: boolean;
}

export interface PaymentNote {
  at: string;
  note: string;
}

export interface ProcessorPayment {
  /** `pay_...` */
  id: string;
  /** null once the customer has been depersonalized: the payment is kept, unlinked. */
  customerId: string | null;
  createdAt: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
  cardLast4: string;
  restricted: boolean;
  /** Payments are immutable: corrections are appended here. */
  notes: PaymentNote[];
  /** Present only when the search asked for `expand: ['customer']`; null when the customer is gone. */
  customer?: ProcessorCustomer | null;
}

/** `POST /v1/payments/search`: the batched lookup. */
export interface SearchPaymentsBody {
  customer_ids: string[];
  limit?: number;
  /** A `next_cursor` from the previous page. */
  starting_after?: string;
  include_restricted?: boolean;
  expand?: Array<'customer'>;
}

export interface SearchPaymentsResponse {
  data: ProcessorPayment[];
  has_more: boolean;
  next_cursor: string | null;
}

/** `POST /v1/customers/search`: customers by id in a batch, paged as the payment search. */
export interface SearchCustomersBody {
  ids: string[];
  limit?: number;
  starting_after?: string;
  include_restricted?: boolean;
}

export interface SearchCustomersResponse {
  data: ProcessorCustomer[];
  has_more: boolean;
  next_cursor: string | null;
}

/** `PATCH /v1/customers/:id`: the customer's own record only; its payments are left as they are. */
export interface UpdateCustomerBody {
  name?: string | null;
  restricted?: boolean;
}

/** `POST /v1/payments/restrict`: payments by id in a batch, each on its own (a hold keeps some of a customer's). */
export interface RestrictPaymentsBody {
  ids: string[];
  restricted: boolean;
}

/** Payments among the ids that exist, all now (un)restricted. */
export interface RestrictPaymentsResponse {
  updated: number;
}

/** `POST /v1/payments/delete`: payments by id in a batch; ids already gone are not counted. */
export interface DeletePaymentsBody {
  ids: string[];
}

export interface DeletePaymentsResponse {
  deleted: number;
}

/**
 * `POST /v1/customers/delete`: customer records by id in a batch, each alone (its payments stay
 * until deleted themselves, as with `DELETE /v1/customers/{id}?cascade=false`); ids already gone
 * are not counted.
 */
export interface DeleteCustomersBody {
  ids: string[];
}

export interface DeleteCustomersResponse {
  deleted: number;
}

export interface ListResponse<T> {
  data: T[];
  has_more: boolean;
}

export interface RestrictResponse {
  id: string;
  restricted: boolean;
  /** Payments linked to the customer, all now (un)restricted. */
  payments: number;
}

export interface DeleteCustomerResponse {
  id: string;
  deleted: true;
  payments_deleted: number;
  payments_retained: number;
}

export interface DepersonalizeResponse {
  id: string;
  payments_depersonalized: number;
  payments_retained: number;
}

export interface DeletePaymentResponse {
  id: string;
  deleted: true;
}

export interface HealthResponse {
  status: 'ok';
}

export type ApiErrorType = 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'api_error';

export interface ApiErrorBody {
  error: { type: ApiErrorType; message: string };
}

/** Limits both sides honour; the connector sizes its requests by them. */
export const PROCESSOR_LIMITS = {
  /** Customer ids in one search request. */
  maxSearchIds: 1000,
  defaultPageSize: 100,
  maxPageSize: 1000,
  /** Retained payment ids sent as `?keep=`; longer lists go in the JSON body (URLs stay short). */
  maxKeepInQuery: 100,
  maxKeep: 10_000,
  maxNoteLength: 1000,
  /** A customer's name, as `PATCH /v1/customers/:id` takes it. */
  maxNameLength: 200,
  /** Payment ids in one `POST /v1/payments/delete` or `POST /v1/payments/restrict`. */
  maxBatchIds: 1000,
  maxBodyBytes: 1024 * 1024,
} as const;
