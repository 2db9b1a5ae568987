import type { IncomingMessage } from 'node:http';
import { GRAPHQL_RESPONSE_JSON, preferredMediaType } from './preferredMediaType';

/**
 * A refusal before execution (token, purpose, body) in the media type the client accepts: a
 * client that asked for `application/graphql-response+json` parses a non-2xx body only in that
 * type, so it would otherwise never see the contract's code (Apollo Client 4).
 */
export function refusalHeaders(req: IncomingMessage): Record<string, string> {
  return preferredMediaType(req.headers.accept) === GRAPHQL_RESPONSE_JSON ? { 'content-type': `${GRAPHQL_RESPONSE_JSON}; charset=utf-8` } : {};
}
