import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode } from '@opentelemetry/api';
import type { RequestContext } from '../context';
import { requestScope } from '../http/requestScope';

/**
 * Per GraphQL operation: its duration in `gateway_graphql_request_seconds` by operation, purpose
 * and outcome, and the request's span named after it (`graphql.query FindSubject`) with the
 * purpose, the operation and the outcome. Operation names are the bounded label set of /metrics;
 * never the document, the variables or a value.
 */
export function telemetryPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      const span = requestScope.getStore()?.span;
      let operation = 'anonymous';
      span?.setAttribute('gateway.purpose', contextValue.purpose.id);
      return {
        async didResolveOperation({ operation: op }) {
          operation = contextValue.services.metrics.operationLabel(op?.name?.value ?? null, contextValue.purpose.id);
          span?.updateName(`graphql.${op?.operation ?? 'unknown'} ${operation}`);
          span?.setAttributes({ 'graphql.operation.type': op?.operation ?? 'unknown', 'graphql.operation.name': operation });
        },
        async willSendResponse({ response, errors }) {
          const outcome = errors?.length ? (response.body.kind === 'single' && response.body.singleResult.data ? 'partial' : 'error') : 'ok';
          contextValue.services.metrics.graphqlDuration.observe({ operation, purpose: contextValue.purpose.id, outcome }, (performance.now() - started) / 1000);
          span?.setAttribute('gateway.outcome', outcome);
          if (outcome === 'error') span?.setStatus({ code: SpanStatusCode.ERROR });
        },
      };
    },
  };
}
