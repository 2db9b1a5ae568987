import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { RequestContext } from '../context';
import { APPLICATION_JSON, preferredMediaType } from '../http/preferredMediaType';

/** Apollo's codes for a document that does not parse, does not validate, or whose variables do not coerce. */
const REQUEST_ERRORS = new Set<string>([ApolloServerErrorCode.GRAPHQL_PARSE_FAILED, ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED, ApolloServerErrorCode.BAD_USER_INPUT]);

/**
 * GraphQL over HTTP: a client that explicitly accepts `application/json` (and not the newer
 * `application/graphql-response+json`) reads a request error from the body, with status 200 —
 * older clients treat a 400 as a transport failure and drop the contract's code. Apollo answers
 * 400 for both media types; this corrects the `application/json` case. The errors' codes are
 * still the contract's (formatError).
 */
export function mediaTypeStatusPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request }) {
      if (preferredMediaType(request.http?.headers.get('accept')) !== APPLICATION_JSON) return;
      return {
        async willSendResponse({ response, errors }) {
          const noData = response.body.kind === 'single' && response.body.singleResult.data === undefined;
          const requestError = errors?.length && errors.every((e) => REQUEST_ERRORS.has(String(e.extensions?.code)));
          if (response.http.status === 400 && noData && requestError) response.http.status = 200;
        },
      };
    },
  };
}
