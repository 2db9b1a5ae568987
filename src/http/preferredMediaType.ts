export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const APPLICATION_JSON = 'application/json';

export type GraphQLMediaType = typeof GRAPHQL_RESPONSE_JSON | typeof APPLICATION_JSON;

/**
 * The response media type a client asked for (GraphQL over HTTP §"Accept"): the newer
 * `application/graphql-response+json` when it is listed at least as high as `application/json`,
 * `application/json` for any other Accept header, and null without one (the legacy behaviour:
 * `application/json` with 4xx statuses, as older clients and the hostile suite expect).
 */
export function preferredMediaType(accept: string | undefined): GraphQLMediaType | null {
  if (accept === undefined || accept.trim() === '') return null;
  let graphqlResponse = 0;
  let json = 0;
  for (const entry of accept.split(',')) {
    const [range = '', ...params] = entry.split(';').map((s) => s.trim().toLowerCase());
    const q = quality(params);
    if (range === GRAPHQL_RESPONSE_JSON) graphqlResponse = Math.max(graphqlResponse, q);
    if (range === APPLICATION_JSON || range === 'application/*' || range === '*/*') json = Math.max(json, q);
  }
  return graphqlResponse > 0 && graphqlResponse >= json ? GRAPHQL_RESPONSE_JSON : APPLICATION_JSON;
}

function quality(params: readonly string[]): number {
  const q = params.find((p) => p.startsWith('q='));
  if (!q) return 1;
  const value = Number(q.slice(2));
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : 0;
}
