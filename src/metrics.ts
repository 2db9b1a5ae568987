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
  /** The operation-name label, bounded per purpose (the first 200 names seen, then `other`): callers choose operation names, and each name is a time series. */
  operationLabel(name: string | null, purpose: string): string;
}

const MAX_OPERATION_LABELS = 200;

export function createMetrics(): Metrics {
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
  // Per purpose, so one caller's flood of names cannot push another purpose's operations into `other`.
  const seenByPurpose = new Map<string, Set<string>>();
  const operationLabel = (name: string | null, purpose: string): string => {
    if (!name) return 'anonymous';
    let seen = seenByPurpose.get(purpose);
    if (!seen) seenByPurpose.set(purpose, (seen = new Set()));
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_LABELS || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
    seen.add(name);
    return name;
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
