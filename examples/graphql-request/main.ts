/**
 * graphql-request against a live gateway: `rawRequest` for data with its errors (FORBIDDEN nulls
 * among them), and a refusal as graphql-request surfaces it: a thrown `ClientError` with the HTTP
 * status and the body's errors.
 */
import { ClientError, gql } from 'graphql-request';
import { codesOf, readExampleGateway, report } from '../exampleGateway';
import { clientFor } from './clientFor';

const BOB = gql`query Bob { subject(ref: { customerId: "cus_bob" }) { id profile { id name email } orders { id total } } }`;
/** Orders' IP addresses are `technical.ip`: customer_support may not read them. */
const BOB_WITH_IP = gql`query BobWithIp { subject(ref: { customerId: "cus_bob" }) { id profile { id name email } orders { id total ip } } }`;

async function main(): Promise<void> {
  const { url, tokens } = readExampleGateway();
  const answer = async (token: string, purpose: string, query: string) => {
    try {
      const { data, errors, status } = await clientFor({ url, token, purpose }).rawRequest<Record<string, unknown>>(query);
      return { thrown: null, status, data: data ?? null, errors: codesOf(errors) };
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      return { thrown: 'ClientError', status: error.response.status, data: error.response.data ?? null, errors: codesOf(error.response.errors) };
    }
  };
  report({
    read: await answer(tokens.shop, 'order_fulfillment', BOB),
    partial: await answer(tokens.support, 'customer_support', BOB_WITH_IP),
    refused: { unauthenticated: await answer('not-a-token', 'order_fulfillment', BOB), purposeNotAllowed: await answer(tokens.shop, 'marketing', BOB) },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
