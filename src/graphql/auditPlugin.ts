import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { OperationCategories } from '../audit/categoriesOf';
import { categoriesOf } from '../audit/categoriesOf';
import type { RequestContext } from '../context';
import { ErrorCode, GatewayError } from '../errors';
import type { SchemaAnnotations } from '../schema/readAnnotations';

const INTROSPECTION = /\b__(schema|type)\b/;

/**
 * Per operation: refuses introspection where the deployment does not allow it, and writes the
 * ONE audit event of an operation that touched personal data before the response leaves. If
 * that write fails, the response is replaced: there is no unaudited access.
 */
export function auditPlugin(options: { schema: GraphQLSchema; annotations: SchemaAnnotations; production: boolean }): ApolloServerPlugin<RequestContext> {
  // The same document under the same purpose always reads the same categories: walk it once.
  const cache = new Map<string, OperationCategories>();
  const categoriesFor = (ctx: RequestContext, source: string, document: DocumentNode): OperationCategories => {
    const key = `${ctx.purpose.id}\u0000${source}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = categoriesOf({ document, schema: options.schema, annotations: options.annotations, policy: ctx.services.policy, purpose: ctx.purpose });
      if (cache.size > 2000) cache.clear();
      cache.set(key, hit);
    }
    return hit;
  };
  return {
    async requestDidStart() {
      const started = performance.now();
      let categories: OperationCategories = { read: [], denied: [] };
      let operationName: string | null = null;
      let isMutation = false;
      return {
        async didResolveOperation({ contextValue: ctx, document, source, operation }) {
          operationName = operation?.name?.value ?? null;
          isMutation = operation?.operation === 'mutation';
          if (options.production && INTROSPECTION.test(source) && !ctx.caller.roles.includes('privacy_officer')) {
            throw new GatewayError(ErrorCode.FORBIDDEN, 'introspection is available to privacy officers only');
          }
          categories = categoriesFor(ctx, source, document);
        },
        async willSendResponse({ contextValue: ctx, response, errors }) {
          const { services, audit } = ctx;
          const outcome = errors?.length ? (response.body.kind === 'single' && response.body.singleResult.data ? 'partial' : 'error') : 'ok';
          services.metrics.requests.inc({ operation: services.metrics.operationLabel(operationName, ctx.purpose.id), purpose: ctx.purpose.id, outcome });
          // Who asked what under which purpose, never the variables or the data: no personal data in logs.
          services.logger.info({ requestId: ctx.requestId, client: ctx.caller.client, purpose: ctx.purpose.id, operation: operationName, outcome, subjects: audit.subjectIds.size, ms: Math.round(performance.now() - started) }, 'graphql request');
          if (!audit.touched && !isMutation) return;
          try {
            await services.audit.append({
              at: new Date().toISOString(),
              requestId: ctx.requestId,
              client: ctx.caller.client,
              roles: [...ctx.caller.roles],
              purpose: ctx.purpose.id,
              operation: operationName,
              subjectIds: [...audit.subjectIds].sort(),
              categories: [...new Set([...categories.read, ...audit.categories])].sort(),
              denied: [...new Set([...categories.denied, ...audit.denied])].sort(),
              policyVersion: services.policy.version,
              outcome,
            });
            services.metrics.auditEvents.inc();
          } catch (error) {
            services.logger.error({ requestId: ctx.requestId, err: error }, 'audit write failed: response withheld');
            if (response.body.kind === 'single') {
              response.body.singleResult = {
                data: null,
                errors: [{ message: `The access could not be audited, so no data is returned. Quote request id ${ctx.requestId}.`, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId: ctx.requestId } }],
              };
            }
            response.http.status = 503;
          }
        },
      };
    },
  };
}
