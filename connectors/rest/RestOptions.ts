/**
 * The declaration keys of `kind: rest` (docs/sources.md, "kind: rest"), as `parseRestOptions`
 * checks them out of `SourceDeclaration.options`. Types only. Endpoints sit at source level, keyed
 * by collection: the collection model (fields, identities, flags) is the engine's, the same for every kind.
 *
 * ```yaml
 * kind: rest
 * url: ${API_URL}                  # required: the API root, absolute http(s), no credentials, no query
 * auth: { header: Authorization, value: "Bearer ${API_KEY}" }   # optional; sent on every call, never logged
 * headers: { Api-Version: "2024-06-01" }   # optional fixed headers, not secret
 * timeoutMs: 2000                  # bound on each HTTP exchange (default: SOURCE_TIMEOUT_MS)
 * health: /health                  # required: GET that answers 2xx when the API is up ({ method, path } also)
 * endpoints:                       # per collection of the declaration, by its name
 *   <collection>:
 *     search:                      # one entry per row path the engine selects by: every identity's `from`,
 *       <row path>:                #   every reference's `toPath` into the collection, the primary key if wanted
 *         method: POST             # default: POST when the values go in the body, GET otherwise
 *         path: /v1/payments/search    # with {value}: one call per value (an API with no batch search)
 *         values: { body: customer_ids }   # JSON body array key; or { query: ids } (comma-joined,
 *                                  #   `repeat: true` for ids=a&ids=b); omitted with {value}
 *         batch: 100               # values per call (default 100)
 *         concurrency: 4           # calls in flight, per value or per batch (default 4, at most 16)
 *         results: data            # response path of the rows: an array, or one object (default: the body)
 *         page:                    # optional; the request parameter that carries the cursor, and where
 *           param: starting_after  #   the next cursor is: a response path (`cursor`) or the last row's
 *           cursor: next_cursor    #   path (`lastRow: id`, Stripe's lists); `hasMore` is the response's
 *           hasMore: has_more      #   flag, else paging ends on a missing cursor or an empty page
 *         body: { include_restricted: true, limit: 1000 }  # fixed body keys
 *         query: { expand: [customer] }                     # fixed query parameters (arrays repeat)
 *     update:                      # rectification, masks, and restriction when no `restrict` is declared
 *       method: PATCH              # defaults: update PATCH, delete DELETE, restrict and annotate POST
 *       path: /v1/customers/{id}   # {id}: the record's key ({<primary key path>} for one part of a composite one)
 *       body: { name: "{name}", restricted: "{restricted}" }   # "{path}": the written value of that
 *                                  #   top-level path, left out when the write does not set it
 *     restrict:                    # optional dedicated endpoint for the declaration's restrict flag;
 *       path: /v1/customers/{id}/restrict  # its body must carry "{<restrictFlag>}"
 *       body: { restricted: "{restricted}" }
 *     delete: { path: /v1/customers/{id}, query: { cascade: false } }
 *     annotate:                    # a correction note, for records that cannot be changed
 *       path: /v1/payments/{id}/notes
 *       body: { note: "{note}" }
 * ```
 * Every write endpoint has a batch variant: a path without {id}, `keys: { body: ids }` (or
 * `{ query: ids }`), `batch`, and `count`, the response path of how many records it changed
 * (without it, every key sent counts). A per-key write that answers 404 changed nothing: the
 * record is gone, which for an erasure retried after a crash means done.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A fixed query parameter: an array repeats the key. */
export type QueryValue = string | number | boolean | ReadonlyArray<string | number | boolean>;

/** Where a call's values (search) or keys (batch write) go; `path`: one call each, through the template. */
export type ValuesPlacement =
  | { readonly in: 'body'; readonly key: string }
  | { readonly in: 'query'; readonly key: string; readonly repeat: boolean }
  | { readonly in: 'path' };

export interface Paging {
  /** The request parameter (body key for a call with a body, query parameter otherwise) that carries the cursor. */
  readonly param: string;
  /** Response path of the next cursor. */
  readonly cursor: string | null;
  /** Or: the row path whose value on the page's last row is the cursor. */
  readonly lastRow: string | null;
  /** Response path of the has-more flag. */
  readonly hasMore: string | null;
}

interface Endpoint {
  readonly method: HttpMethod;
  /** The path template, as written: errors and logs name it, never the filled path. */
  readonly path: string;
  readonly query: Readonly<Record<string, QueryValue>>;
  /** Calls in flight: one per value or key, or per batch of them. */
  readonly concurrency: number;
  /** Values or keys per call (1 when they go in the path). */
  readonly batch: number;
}

export interface SearchEndpoint extends Endpoint {
  readonly values: ValuesPlacement;
  /** Response path of the rows; '' for the body itself. */
  readonly results: string;
  readonly page: Paging | null;
  /** Fixed body keys; null sends no body unless the values or the cursor go in it. */
  readonly body: Readonly<Record<string, unknown>> | null;
}

export interface WriteEndpoint extends Endpoint {
  readonly keys: ValuesPlacement;
  /** A JSON template whose whole-string leaves "{name}" are filled from the write; null: no body. */
  readonly body: unknown;
  /** The placeholders of `body`. */
  readonly placeholders: readonly string[];
  /** Response path of the number (or boolean) of records changed; null: every key sent counts. */
  readonly count: string | null;
}

export interface CollectionEndpoints {
  /** By row path: how the rows whose value at that path is one of some values are found. */
  readonly search: Readonly<Record<string, SearchEndpoint>>;
  readonly update: WriteEndpoint | null;
  readonly restrict: WriteEndpoint | null;
  readonly delete: WriteEndpoint | null;
  readonly annotate: WriteEndpoint | null;
}

export interface RestOptions {
  /** The API root without a trailing slash. */
  readonly url: string;
  /** Sent on every call: the fixed headers and the auth header (never in a message or a log). */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly health: { readonly method: HttpMethod; readonly path: string };
  /** By collection name. */
  readonly collections: Readonly<Record<string, CollectionEndpoints>>;
}
