import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface Tracing {
  readonly tracer: Tracer;
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces: exported over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (to
 * `<endpoint>/v1/traces`, batched), and to `exporter` when one is given (tests: an in-memory one,
 * each span as it ends). Null otherwise: no provider, no span is ever created. The provider is
 * not registered globally, so several gateways in one process keep their own traces.
 */
export function createTracing(options: { endpoint: string | null; serviceName: string; exporter?: SpanExporter }): Tracing | null {
  const processors: SpanProcessor[] = [];
  if (options.endpoint) processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` })));
  if (options.exporter) processors.push(new SimpleSpanProcessor(options.exporter));
  if (processors.length === 0) return null;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName, [ATTR_SERVICE_VERSION]: '0.1.0' }),
    spanProcessors: processors,
  });
  return { tracer: provider.getTracer('privacy-gateway'), shutdown: () => provider.shutdown() };
}
