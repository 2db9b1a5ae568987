import { Client, cacheExchange, fetchExchange } from '@urql/core';

export interface ClientOptions {
  readonly url: string;
  readonly token: string;
  readonly purpose: string;
  /** For the suite to see each request's method; a client leaves it out. */
  readonly fetch?: typeof fetch;
}

/**
 * urql with its defaults: the document cache and `fetchExchange`, queries sent as GET
 * (`preferGetMethod: 'within-url-limit'`) with `Accept: application/graphql-response+json, …`. The
 * gateway takes a GET query because `X-Purpose` (like `Authorization`) forces a browser preflight.
 * One Client per purpose: urql's cache is keyed by document and variables, not by purpose.
 */
export function clientFor(options: ClientOptions): Client {
  return new Client({
    url: options.url,
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: () => ({ headers: { authorization: `Bearer ${options.token}`, 'x-purpose': options.purpose } }),
    fetch: options.fetch,
  });
}
