/**
 * urql (@urql/core) with its default settings against a live gateway: every query goes out as GET;
 * data and FORBIDDEN errors arrive together (`result.data` and `result.error.graphQLErrors`); a
 * refusal's code arrives as a GraphQL error of the `CombinedError`, not as a bare network error.
 */
import type { CombinedError } from '@urql/core';
import { gql } from '@urql/core';
import { codesOf, readExampleGateway, report } from '../exampleGateway';
import { clientFor } from './clientFor';

const BOB = gql`query Bob { subject(ref: { customerId: "cus_bob" }) { id profile { id name email } orders { id total } } }`;
/** Orders' IP addresses are `technical.ip`: customer_support may not read them. */
const BOB_WITH_IP = gql`query BobWithIp { subject(ref: { customerId: "cus_bob" }) { id profile { id name email } orders { id total ip } } }`;

async function main(): Promise<void> {
  const { url, tokens } = readExampleGateway();
  const methods: string[] = [];
  const recording = ((input, init) => (methods.push(init?.method ?? 'GET'), fetch(input, init))) as typeof fetch;
  const answer = async (token: string, purpose: string, query: typeof BOB) => {
    const result = await clientFor({ url, token, purpose, fetch: recording }).query(query, {}).toPromise();
    return { data: result.data ?? null, errors: codesOf(result.error?.graphQLErrors), networkError: networkErrorOf(result.error) };
  };
  report({
    read: await answer(tokens.shop, 'order_fulfillment', BOB),
    partial: await answer(tokens.support, 'customer_support', BOB_WITH_IP),
    refused: { unauthenticated: await answer('not-a-token', 'order_fulfillment', BOB), purposeNotAllowed: await answer(tokens.shop, 'marketing', BOB) },
    methods,
  });
}

function networkErrorOf(error: CombinedError | undefined): string | null {
  return error?.networkError ? error.networkError.message : null;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
