/** One GraphQL error as the gateway sends it: the contract's code in `extensions.code`. */
export interface GraphQLErrorEntry {
  readonly message: string;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: { readonly code?: string };
}

export interface GraphQLResult<T> {
  readonly data: T | null;
  readonly errors: readonly GraphQLErrorEntry[];
}

/** A response that carried no data at all: the whole operation was refused. */
export class GraphQLRefusal extends Error {
  constructor(readonly errors: readonly GraphQLErrorEntry[], readonly status: number) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') || `HTTP ${status}`);
    this.name = 'GraphQLRefusal';
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export interface Credentials {
  readonly token: string;
  readonly purpose: string;
}

/** The headers every call to the gateway carries: the token and the declared purpose. */
export const authHeaders = (c: Credentials): Record<string, string> => ({ authorization: `Bearer ${c.token}`, 'x-purpose': c.purpose });

/**
 * POST /graphql on this origin with the officer's token and a purpose. Partial results come back
 * with their errors (a FORBIDDEN field is null, the rest resolves); a result with no data throws.
 */
export async function graphql<T>(options: { credentials: Credentials; query: string; variables?: Record<string, unknown> }): Promise<GraphQLResult<T>> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders(options.credentials) },
    body: JSON.stringify({ query: options.query, variables: options.variables ?? {} }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T | null; errors?: GraphQLErrorEntry[] };
  const errors = body.errors ?? [];
  if (body.data === undefined || body.data === null) throw new GraphQLRefusal(errors, res.status);
  return { data: body.data, errors };
}

/** The data of a result that must be complete: any error is a refusal. */
export async function graphqlData<T>(options: { credentials: Credentials; query: string; variables?: Record<string, unknown> }): Promise<T> {
  const result = await graphql<T>(options);
  if (result.errors.length > 0 || result.data === null) throw new GraphQLRefusal(result.errors, 200);
  return result.data;
}
