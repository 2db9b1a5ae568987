/**
 * Apollo Client 4 against a live gateway: data, partial data with FORBIDDEN, one cache per purpose
 * (and what a shared one would do), the id-less `myAccess` cached without a warning, and refusals
 * as Apollo surfaces them (`CombinedGraphQLErrors` with the contract's code).
 */
import { ApolloClient, CombinedGraphQLErrors, HttpLink, gql } from '@apollo/client';
import { codesOf, readExampleGateway, report } from '../exampleGateway';
import { clientFor } from './clientFor';

const BOB = gql`query Bob { subject(ref: { customerId: "cus_bob" }) { id profile { id name email } orders { id total } } }`;
/** Orders' IP addresses are `technical.ip`: customer_support may not read them. */
const BOB_WITH_IP = gql`query BobWithIp { subject(ref: { customerId: "cus_bob" }) { id profile { id name email } orders { id total ip } } }`;
const BOB_NAME = gql`query BobName { subject(ref: { customerId: "cus_bob" }) { id profile { id name } } }`;
const ACCESS_CATEGORIES = gql`query AccessCategories { myAccess { purpose { id } categories { category access } } }`;
const ACCESS_FIELDS = gql`query AccessFields { myAccess { purpose { id } fields { type field category access } } }`;

async function main(): Promise<void> {
  const { url, tokens } = readExampleGateway();
  const warnings: string[] = [];
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' ')); // Apollo warns through console.warn
  const counting = () => {
    const counter: { requests: number; fetch: typeof fetch } = { requests: 0, fetch: (input, init) => (counter.requests++, fetch(input, init)) };
    return counter;
  };

  const fulfillment = clientFor({ url, token: tokens.shop, purpose: 'order_fulfillment' });
  const read = await fulfillment.query({ query: BOB });

  const support = clientFor({ url, token: tokens.support, purpose: 'customer_support' });
  const partial = await support.query({ query: BOB_WITH_IP });

  // The same token under fraud_prevention, which may not read names: its own cache asks the gateway…
  const fraudFetch = counting();
  const fraud = clientFor({ url, token: tokens.shop, purpose: 'fraud_prevention', fetch: fraudFetch.fetch });
  const ownCache = await fraud.query({ query: BOB_NAME });
  // …while a client sharing fulfillment's cache answers from it, with no request sent.
  const sharedFetch = counting();
  const shared = new ApolloClient({ link: new HttpLink({ uri: url, headers: { authorization: `Bearer ${tokens.shop}`, 'x-purpose': 'fraud_prevention' }, fetch: sharedFetch.fetch }), cache: fulfillment.cache, defaultOptions: { query: { errorPolicy: 'all' }, watchQuery: { errorPolicy: 'all' } } });
  const sharedCache = await shared.query({ query: BOB_NAME });

  await fulfillment.query({ query: ACCESS_CATEGORIES });
  const access = await fulfillment.query({ query: ACCESS_FIELDS, fetchPolicy: 'network-only' });
  const cachedAccess = fulfillment.cache.readQuery<{ myAccess: { categories: unknown[]; fields: unknown[] } }>({ query: ACCESS_CATEGORIES });

  const refusal = async (token: string, purpose: string) => {
    const { data, error } = await clientFor({ url, token, purpose }).query({ query: BOB });
    return { data: data ?? null, combined: CombinedGraphQLErrors.is(error), errors: CombinedGraphQLErrors.is(error) ? codesOf(error.errors) : [] };
  };

  report({
    read: { data: read.data, errors: CombinedGraphQLErrors.is(read.error) ? codesOf(read.error.errors) : [] },
    partial: { data: partial.data, errors: CombinedGraphQLErrors.is(partial.error) ? codesOf(partial.error.errors) : [] },
    ownCache: { data: ownCache.data, errors: CombinedGraphQLErrors.is(ownCache.error) ? codesOf(ownCache.error.errors) : [], requests: fraudFetch.requests },
    sharedCache: { data: sharedCache.data, requests: sharedFetch.requests },
    access: { fields: (access.data as { myAccess: { fields: unknown[] } }).myAccess.fields.length, cachedCategories: cachedAccess?.myAccess.categories.length ?? 0 },
    refused: { unauthenticated: await refusal('not-a-token', 'order_fulfillment'), purposeNotAllowed: await refusal(tokens.shop, 'marketing') },
    warnings,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
