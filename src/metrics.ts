import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SourceObserver } from './sources/guardConnector';

/** Prometheus metrics of one gateway (its own registry: several gateways may share a process in tests). */
export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<'operation' | 'purpose' | 'outcome'>;
  readonly sourceLatency: Histogram<'source' | 'operation' | 'outcome'>;
  /** Duration of GraphQL operations, from Apollo's start to the response. */
  readonly graphqlDuration: Histogram<'operation' | 'purpose' | 'outcome'>;
  readonly dsrRequests: Gauge<'type' | 'status'>;
  readonly dsrOverdue: Gauge;
  readonly auditEvents: Counter;
  readonly sourceObserver: SourceObserver;
  /**
   * The operation label, bounded whoever calls: the operation's name when it is on the allowlist,
   * else its first root field (a schema's field, so a fixed set), else `other`. Callers choose
   * operation names, and each label value is a time series.
   */
  operationLabel(name: string | null, rootField: string | null): string;
}

/** `operations`: the names labelled as themselves (the explorer's saved operations, GATEWAY_METRICS_OPERATIONS). */
export function createMetrics(options: { operations: readonly string[] } = { operations: [] }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gateway_process_' });
  const requests = new Counter({ name: 'gateway_requests_total', help: 'GraphQL operations by operation name, purpose and outcome', labelNames: ['operation', 'purpose', 'outcome'] as const, registers: [registry] });
  const sourceLatency = new Histogram({
    name: 'gateway_source_call_seconds',
    help: 'Latency of calls to each source',
    labelNames: ['source', 'operation', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: 'gateway_graphql_request_seconds',
    help: 'Duration of GraphQL operations by operation name (bounded), purpose and outcome',
    labelNames: ['operation', 'purpose', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const dsrRequests = new Gauge({ name: 'gateway_dsr_requests', help: 'Data-subject requests by type and status', labelNames: ['type', 'status'] as const, registers: [registry] });
  const dsrOverdue = new Gauge({ name: 'gateway_dsr_overdue', help: 'Data-subject requests past their due date and not finished', registers: [registry] });
  const auditEvents = new Counter({ name: 'gateway_audit_events_total', help: 'Audit events written', registers: [registry] });
  const allowed = new Set(options.operations);
  const operationLabel = (name: string | null, rootField: string | null): string => {
    if (name !== null && allowed.has(name)) return name;
    if (rootField === null) return 'other';
    return rootField.startsWith('__') ? 'introspection' : `field:${rootField}`;
  };
  return {
    registry,
    operationLabel,
    requests,
    sourceLatency,
    graphqlDuration,
    dsrRequests,
    dsrOverdue,
    auditEvents,
    sourceObserver: {
      onCall: ({ source, operation, ms, ok }) => sourceLatency.observe({ source, operation, outcome: ok ? 'ok' : 'error' }, ms / 1000),
    },
  };
}
