import { GraphQLClient } from 'graphql-request';

/**
 * One graphql-request client per purpose. `errorPolicy: 'all'` returns `data` next to `errors`
 * (a FORBIDDEN field is null, the rest stands) instead of throwing on the first error; a refusal
 * (no data at all, a 4xx status) still throws a `ClientError` whose `response.errors` carry the code.
 */
export function clientFor(options: { url: string; token: string; purpose: string }): GraphQLClient {
  return new GraphQLClient(options.url, { headers: { authorization: `Bearer ${options.token}`, 'x-purpose': options.purpose }, errorPolicy: 'all' });
}
