import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { IResolvers } from '@graphql-tools/utils';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import { GraphQLError } from 'graphql';
import { auditResolvers } from '../audit/auditResolvers';
import { accessResolvers } from '../resolvers/accessResolvers';
import type { RequestContext } from '../context';
import { dsrResolvers } from '../dsr/dsrResolvers';
import { erasurePlanResolvers } from '../dsr/erasurePlanResolvers';
import { objectionResolvers } from '../dsr/objectionResolvers';
import { disclosureResolvers } from '../disclosures/disclosureResolvers';
import { noticeResolvers } from '../notices/noticeResolvers';
import type { GatewayServices } from '../GatewayServices';
import { buildPurposeSchema } from '../policy/buildPurposeSchema';
import { operationsResolvers } from '../resolvers/operationsResolvers';
import { subjectResolvers } from '../resolvers/subjectResolvers';
import { retentionResolvers } from '../retention/retentionResolvers';
import { aggregateResolvers } from '../statistics/aggregateResolvers';
import type { SchemaAnnotations } from '../schema/readAnnotations';
import { describeCategories } from '../schema/describeCategories';
import { readAnnotations } from '../schema/readAnnotations';
import { loadTypeDefs } from '../schema/loadTypeDefs';
import { requestScope } from '../http/requestScope';
import { auditPlugin } from './auditPlugin';
import { formatError } from './formatError';
import { withCheckedArguments } from '../input/withCheckedArguments';
import { mediaTypeStatusPlugin } from './mediaTypeStatusPlugin';
import { telemetryPlugin } from './telemetryPlugin';

export interface GatewayGraphQL {
  /** The schema with resolvers and no privacy layer (the benchmark's "off" side uses it). */
  readonly schema: GraphQLSchema;
  readonly annotations: SchemaAnnotations;
  /** One Apollo Server per purpose, each over its own shielded schema. */
  readonly servers: ReadonlyMap<string, ApolloServer<RequestContext>>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Limits (graphql-armor) → QUERY_TOO_COMPLEX. Sized for the explorer's saved operations with room to spare. */
export const LIMITS = { maxDepth: 24, maxAliases: 30, maxDirectives: 30, maxTokens: 3000, maxCost: 20000 } as const;

export function createExecutableSchema(services: Pick<GatewayServices, 'connectors'>): GraphQLSchema {
  const resolvers = ([subjectResolvers(services.connectors), auditResolvers, operationsResolvers, dsrResolvers, accessResolvers, retentionResolvers, objectionResolvers, disclosureResolvers, noticeResolvers, aggregateResolvers, erasurePlanResolvers] as IResolvers[]).map(withCheckedArguments);
  const sourceTypeDefs = services.connectors.map((c) => c.typeDefs).filter((sdl) => sdl.trim() !== '');
  return makeExecutableSchema({ typeDefs: [...loadTypeDefs(), ...sourceTypeDefs], resolvers });
}

export function createGraphQL(services: GatewayServices): GatewayGraphQL {
  const plain = createExecutableSchema(services);
  const annotations = readAnnotations(plain, services.policy, services.connectors);
  const schema = describeCategories(plain, annotations, services.policy);
  const armor = new ApolloArmor({
    // Introspection counts too (armor skips it by default): a 100-deep __type query is an attack like any other.
    // 24 fits the standard introspection query the explorer sends (21 deep as armor counts it).
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: false },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    // armor counts tokens in an Apollo hook, where a refusal becomes a 500; graphql-js's own
    // parse limit (parseOptions below) refuses the same document as a parse error, a 400.
    maxTokens: { enabled: false },
    costLimit: { maxCost: LIMITS.maxCost },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  const plugin = auditPlugin({ schema, annotations, production: services.config.production });
  const servers = new Map<string, ApolloServer<RequestContext>>();
  for (const purpose of services.policy.purposes.values()) {
    const purposeSchema = buildPurposeSchema({ schema, annotations, policy: services.policy, purpose, pseudonymizer: services.pseudonymizer });
    servers.set(
      purpose.id,
      new ApolloServer<RequestContext>({
        schema: purposeSchema,
        // Every answer is `cache-control: no-store` (handleGraphQL): Apollo's cache-hint plugin would
        // only add a hook to every field resolved.
        plugins: [...armor.plugins, plugin, mediaTypeStatusPlugin(), telemetryPlugin(), ApolloServerPluginCacheControlDisabled()],
        validationRules: [...armor.validationRules, knownOperationTypes],
        parseOptions: { maxTokens: LIMITS.maxTokens },
        allowBatchedHttpRequests: false,
        includeStacktraceInErrorResponses: false,
        introspection: true, // refused per caller in production by the audit plugin
        // Every request that reaches Apollo carries X-Purpose (checked before), a header that forces
        // a browser preflight: so GET queries work for clients that send them (urql's default).
        csrfPrevention: { requestHeaders: ['x-purpose', 'x-apollo-operation-name', 'apollo-require-preflight'] },
        formatError: (formatted, error) => {
          const requestId = findRequestId(error);
          return formatError(formatted, { requestId, onUnexpected: () => services.logger.error({ requestId, err: error }, 'unexpected error (masked)') });
        },
      }),
    );
  }
  return {
    schema,
    annotations,
    servers,
    start: async () => {
      for (const server of servers.values()) await server.start();
    },
    stop: async () => {
      for (const server of servers.values()) await server.stop();
    },
  };
}

/**
 * graphql-js 16 validates a `subscription` against a schema without one and fails only while
 * executing, with no code (masked as an internal error); refuse it as invalid instead
 * (graphql-js 17's KnownOperationTypesRule).
 */
const knownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`expected a query or a mutation, got a ${node.operation}: the schema has no ${node.operation} type`, { nodes: node }));
    }
  },
});

/**
 * formatError has no context argument in Apollo; the HTTP layer puts the request id in an
 * AsyncLocalStorage so masked errors can name it.
 */
function findRequestId(_error: unknown): string {
  return requestScope.getStore()?.requestId ?? 'unknown';
}
