/**
 * A client of the gateway with graphql-http's own client (`createClient`): one client per purpose,
 * data kept next to errors (a FORBIDDEN field is null, the rest is data), and a refusal's code read
 * from the body, which graphql-http hands over as a NetworkError's response (it reads no non-2xx body).
 */
import type { ExecutionResult } from 'graphql';
import { NetworkError, createClient } from 'graphql-http';

export interface GatewayAnswer {
  readonly data: Record<string, unknown> | null;
  /** Each error's contract code (`extensions.code`), with the path of the field it nulled. */
  readonly errors: ReadonlyArray<{ code: string; path: string }>;
  readonly status: number;
}

export function gatewayClient(options: { url: string; token: string; purpose: string }) {
  // One client per purpose: a purpose is part of every request, never switched on a shared client.
  const client = createClient({ url: options.url, headers: { authorization: `Bearer ${options.token}`, 'x-purpose': options.purpose }, shouldRetry: async () => false });
  return async (query: string, variables: Record<string, unknown> = {}): Promise<GatewayAnswer> => {
    try {
      const result = await new Promise<ExecutionResult>((resolve, reject) => {
        let last: ExecutionResult | null = null;
        client.subscribe({ query, variables }, { next: (r) => (last = r as ExecutionResult), error: reject, complete: () => (last ? resolve(last) : reject(new TypeError('expected a result, got none'))) });
      });
      return { data: (result.data as Record<string, unknown> | null | undefined) ?? null, errors: codesOf(result.errors), status: 200 };
    } catch (error) {
      if (!(error instanceof NetworkError) || !error.response) throw error;
      const body = (await error.response.json()) as ExecutionResult;
      return { data: null, errors: codesOf(body.errors), status: error.response.status };
    }
  };
}

function codesOf(errors: ExecutionResult['errors']): GatewayAnswer['errors'] {
  return (errors ?? []).map((e) => ({ code: String(e.extensions?.code), path: (e.path ?? []).join('.') }));
}
