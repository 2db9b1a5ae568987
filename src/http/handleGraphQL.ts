import type { IncomingMessage, ServerResponse } from 'node:http';
import { auditRefusal } from '../audit/auditRefusal';
import type { Caller } from '../auth/Caller';
import type { AuthorizationHeader } from '../auth/createTokenVerifier';
import { UnauthenticatedError } from '../auth/UnauthenticatedError';
import { createContext } from '../context';
import { GatewayError, ErrorCode, rateLimited } from '../errors';
import type { GatewayServices } from '../GatewayServices';
import type { GatewayGraphQL } from '../graphql/createGraphQL';
import { sendApolloResponse, toHeaderMap } from './apolloHttp';
import { httpStatusFor } from './httpStatusFor';
import { refusalHeaders } from './refusalHeaders';
import { BodyTooLargeError, readBody } from './readBody';
import { requestScope } from './requestScope';
import { PURPOSE_ID, resolvePurpose } from './resolvePurpose';
import { sendGraphQLError } from './sendJson';

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Where a GraphQL request enters: the caller's token and declared purpose are checked before
 * anything else runs (a rejection returns no data), then the request goes to the Apollo Server
 * of that purpose, whose schema carries that purpose's rules.
 */
export async function handleGraphQL(options: {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  services: GatewayServices;
  graphql: GatewayGraphQL;
  verify: (authorization: AuthorizationHeader) => Promise<Caller>;
}): Promise<void> {
  const { req, res, requestId, services } = options;
  let caller: Caller | null = null;
  let body: unknown;
  let purposeId: string;
  try {
    caller = await options.verify(req.headersDistinct.authorization);
    const scope = requestScope.getStore();
    if (scope) scope.client = caller.client;
    purposeId = resolvePurpose(req.headers, caller, services.policy).id;
    const wait = services.rateLimiter.take(caller.client, 1);
    if (wait !== null) throw rateLimited(wait);
    body = req.method === 'POST' ? parseJson(await readBody(req, MAX_BODY_BYTES), req.headers['content-type']) : undefined;
  } catch (error) {
    const known = error instanceof GatewayError ? error : error instanceof BodyTooLargeError ? new GatewayError(ErrorCode.QUERY_TOO_COMPLEX, error.message) : null;
    if (!known) throw error;
    const client = caller?.client ?? (error instanceof UnauthenticatedError ? error.unverifiedClient : null);
    const declared = typeof req.headers['x-purpose'] === 'string' ? req.headers['x-purpose'].trim() : '';
    const purpose = PURPOSE_ID.test(declared) ? declared : null;
    services.logger.info({ requestId, client, clientVerified: caller !== null, purpose, code: known.code }, 'request rejected before execution');
    services.metrics.requests.inc({ operation: 'rejected', purpose: 'none', outcome: known.code });
    await auditRefusal(services, { requestId, client, verified: caller !== null, roles: caller?.roles ?? [], purpose, code: known.code, operation: null });
    sendGraphQLError(res, { status: httpStatusFor(known.code), code: known.code, message: known.message, requestId, headers: refusalHeaders(req, known) });
    return;
  }
  const purpose = services.policy.purposes.get(purposeId);
  const server = options.graphql.servers.get(purposeId);
  if (!purpose || !server) throw new TypeError(`expected an Apollo Server for purpose "${purposeId}", got none`);
  const headers = toHeaderMap(req);
  const url = new URL(req.url ?? '/', 'http://gateway');
  const context = createContext({ requestId, caller, purpose, services, signal: abortedOnDisconnect(res) });
  const result = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => context,
  });
  await sendApolloResponse(res, result, { 'x-request-id': requestId, 'cache-control': 'no-store' });
}

/** Aborted when the connection closes before the response is finished: the client went away. */
function abortedOnDisconnect(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client closed the connection before its answer'));
  });
  return controller.signal;
}

/** JSON bodies only (CSRF: a form post cannot be a GraphQL request). */
function parseJson(text: string, contentType: string | undefined): unknown {
  if (!contentType || !/^application\/(graphql-response\+)?json\b/i.test(contentType.trim())) {
    throw new GatewayError(ErrorCode.BAD_USER_INPUT, `expected content-type application/json, got ${contentType ? JSON.stringify(contentType.slice(0, 60)) : 'none'}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayError(ErrorCode.BAD_USER_INPUT, 'expected a JSON request body, got malformed JSON');
  }
}
