/**
 * A typed client from GraphQL Code Generator's client preset: `graphql(…)` returns a typed
 * document, and urql infers the answer's type from it — a personal field is `string | null` (null
 * when the purpose may not read it, with FORBIDDEN in the errors), a record list may be null.
 */
import { Client, cacheExchange, fetchExchange } from '@urql/core';
import type { CodeAt } from '../exampleGateway';
import { codesOf } from '../exampleGateway';
import { graphql } from './generated';
import type { SubjectStatus } from './generated/graphql';

export const READ_BOB = graphql(`
  query ReadBob {
    subject(ref: { customerId: "cus_bob" }) {
      id
      status
      profile { id name email }
      orders { id total }
    }
  }
`);

export interface TypedAnswer {
  readonly status: SubjectStatus | null;
  readonly name: string | null;
  readonly totals: Array<number | null>;
  readonly errors: CodeAt[];
}

export async function readBob(options: { url: string; token: string; purpose: string }): Promise<TypedAnswer> {
  const client = new Client({
    url: options.url,
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: () => ({ headers: { authorization: `Bearer ${options.token}`, 'x-purpose': options.purpose } }),
  });
  const { data, error } = await client.query(READ_BOB, {}).toPromise();
  const subject = data?.subject; // typed: ReadBobQuery['subject'], no cast
  return {
    status: subject?.status ?? null,
    name: subject?.profile?.name ?? null,
    totals: (subject?.orders ?? []).map((order) => order.total ?? null),
    errors: codesOf(error?.graphQLErrors),
  };
}
