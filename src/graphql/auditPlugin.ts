import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { Kind } from 'graphql';
import type { OperationCategories } from '../audit/categoriesOf';
import { categoriesOf } from '../audit/categoriesOf';
import type { RequestContext } from '../context';
import { disclosuresOf } from '../disclosures/disclosuresOf';
import { ErrorCode, GatewayError } from '../errors';
import type { SchemaAnnotations } from '../schema/readAnnotations';

const INTROSPECTION = /\b__(schema|type)\b/;

/** Codes that refuse (part of) a request: each refusal is audited with its code (CONTRACT.md §3). */
const REFUSALS = new Set<string>([
  ErrorCode.UNAUTHENTICATED, ErrorCode.PURPOSE_REQUIRED, ErrorCode.UNKNOWN_PURPOSE, ErrorCode.PURPOSE_NOT_ALLOWED, ErrorCode.FORBIDDEN,
  ErrorCode.BAD_USER_INPUT, ErrorCode.NOT_FOUND, ErrorCode.QUERY_TOO_COMPLEX, ErrorCode.RATE_LIMITED,
]);

const firstRootField = (operation: OperationDefinitionNode | null | undefined): string | null => {
  const first = operation?.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? first.name.value : null;
};

/** Each refused path with its code ("subject.payments: FORBIDDEN"), and the codes in order of first appearance. */
function refusalsIn(errors: readonly GraphQLFormattedError[]): { denied: string[]; codes: string[] } {
  const denied: string[] = [];
  const codes: string[] = [];
  for (const error of errors) {
    const code = String(error.extensions?.code ?? '');
    if (!REFUSALS.has(code)) continue;
    if (!codes.includes(code)) codes.push(code);
    // A field withheld for its category is already in the event by type ("Order.ip: FORBIDDEN").
    if (code === ErrorCode.FORBIDDEN && (error.path?.length ?? 0) > 1) continue;
    denied.push(`${error.path ? error.path.filter((p) => typeof p === 'string').join('.') : 'request'}: ${code}`);
  }
  return { denied, codes };
}

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
      let rootField: string | null = null;
      let isMutation = false;
      return {
        async didResolveOperation({ contextValue: ctx, document, source, operation }) {
          operationName = operation?.name?.value ?? null;
          rootField = firstRootField(operation);
          isMutation = operation?.operation === 'mutation';
          if (options.production && INTROSPECTION.test(source) && !ctx.caller.roles.includes('privacy_officer')) {
            // Thrown here Apollo answers 500 unless the error names its status: the contract's is 403.
            throw new GatewayError(ErrorCode.FORBIDDEN, 'introspection is available to privacy officers only', { extensions: { http: { status: 403 } } });
          }
          categories = categoriesFor(ctx, source, document);
        },
        async willSendResponse({ contextValue: ctx, response, errors }) {
          const { services, audit } = ctx;
          const outcome = errors?.length ? (response.body.kind === 'single' && response.body.singleResult.data ? 'partial' : 'error') : 'ok';
          const refused = refusalsIn(response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : []);
          for (const code of audit.refusals) if (!refused.codes.includes(code)) refused.codes.push(code);
          const limited = errors?.find((e) => e.extensions?.code === ErrorCode.RATE_LIMITED);
          if (limited) {
            response.http.status = 429;
            response.http.headers.set('retry-after', String(limited.extensions.retryAfterSeconds));
          }
          services.metrics.requests.inc({ operation: services.metrics.operationLabel(operationName, rootField), purpose: ctx.purpose.id, outcome });
          // Who asked what under which purpose, never the variables or the data: no personal data in logs.
          services.logger.info({ requestId: ctx.requestId, client: ctx.caller.client, purpose: ctx.purpose.id, operation: operationName, outcome, code: refused.codes[0], subjects: audit.subjectIds.size, ms: Math.round(performance.now() - started) }, 'graphql request');
          if (!audit.touched && !isMutation && refused.codes.length === 0) return;
          const read = [...new Set([...categories.read, ...audit.categories])].sort();
          const at = new Date().toISOString();
          const subjectIds = [...audit.subjectIds].sort();
          // Reads under a purpose that discloses to a recipient: recorded with the audit event, in
          // the same write, or no data.
          try {
            const disclosures = isMutation || outcome === 'error' ? [] : disclosuresOf({ policy: services.policy, purpose: ctx.purpose, categories: read, subjectIds, denied: audit.denied, requestId: ctx.requestId, at });
            await services.audit.append(
              {
                at,
                requestId: ctx.requestId,
                client: ctx.caller.client,
                roles: [...ctx.caller.roles],
                purpose: ctx.purpose.id,
                operation: operationName,
                subjectIds,
                categories: read,
                denied: [...new Set([...categories.denied, ...audit.denied, ...refused.denied])].sort(),
                policyVersion: services.policy.version,
                outcome,
                ...(refused.codes.length ? { code: refused.codes[0] } : {}),
              },
              { disclosures },
            );
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
