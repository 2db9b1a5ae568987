import type { TypePolicies } from '@apollo/client';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

/**
 * How the gateway's id-less types are cached. Types with an `id` (DataSubject, Profile, Order,
 * DsrRequest, AuditEvent, …) are normalized by Apollo's default. The `myAccess` answer has no id:
 * within one purpose's cache it is a singleton, and its rows have natural keys — keys that hold only
 * because the cache is this purpose's alone (another purpose gets other rows for the same key).
 * Values that are not entities (an identity, a consent, an order item) stay inside their parent.
 */
export const TYPE_POLICIES: TypePolicies = {
  Access: { keyFields: [] },
  CategoryAccess: { keyFields: ['category'] },
  FieldAccess: { keyFields: ['type', 'field'] },
  IdentityAccess: { keyFields: ['type'] },
  Identity: { keyFields: false },
  Consent: { keyFields: false },
  OrderItem: { keyFields: false },
};

export interface ClientOptions {
  readonly url: string;
  readonly token: string;
  readonly purpose: string;
  /** For the suite to count requests; a client leaves it out. */
  readonly fetch?: typeof fetch;
}

/**
 * One Apollo Client per purpose, with its own cache: a normalized cache keys objects by type and id,
 * not by the purpose they were read under, so a shared one would serve one purpose's reads to another
 * with no request (no check, no audit event). `errorPolicy: 'all'` keeps the data next to the errors:
 * a field the purpose may not read is null with `FORBIDDEN`, and the rest of the answer stands.
 */
export function clientFor(options: ClientOptions): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: options.url, headers: { authorization: `Bearer ${options.token}`, 'x-purpose': options.purpose }, fetch: options.fetch }),
    cache: new InMemoryCache({ typePolicies: TYPE_POLICIES }),
    defaultOptions: { query: { errorPolicy: 'all' }, watchQuery: { errorPolicy: 'all' } },
  });
}
