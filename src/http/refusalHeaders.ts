import type { IncomingMessage } from 'node:http';
import type { GatewayError } from '../errors';
import { ErrorCode } from '../errors';
import { GRAPHQL_RESPONSE_JSON, preferredMediaType } from './preferredMediaType';

/**
 * A refusal before execution (token, purpose, body) in the media type the client accepts: a
 * client that asked for `application/graphql-response+json` parses a non-2xx body only in that
 * type, so it would otherwise never see the contract's code (Apollo Client 4); with the headers
 * the code calls for (`WWW-Authenticate` on UNAUTHENTICATED, `Retry-After` on RATE_LIMITED).
 */
export function refusalHeaders(req: IncomingMessage, error: GatewayError): Record<string, string> {
  const headers: Record<string, string> = preferredMediaType(req.headers.accept) === GRAPHQL_RESPONSE_JSON ? { 'content-type': `${GRAPHQL_RESPONSE_JSON}; charset=utf-8` } : {};
  if (error.code === ErrorCode.UNAUTHENTICATED) headers['www-authenticate'] = 'Bearer';
  if (error.code === ErrorCode.RATE_LIMITED) headers['retry-after'] = String(error.extensions.retryAfterSeconds);
  return headers;
}
