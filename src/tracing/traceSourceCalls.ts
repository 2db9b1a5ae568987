import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { requestScope } from '../http/requestScope';
import type { SourceObserver } from '../sources/guardConnector';
import type { Tracing } from './createTracing';

/**
 * A span per source call, under the span of the request that made it: the source's name, the
 * operation and the outcome, never the identities asked for nor the records returned. Made when
 * the call ends (the guard reports it with its duration), so the guard needs no tracing of its own.
 */
export function traceSourceCalls(observer: SourceObserver, tracing: Tracing | null): SourceObserver {
  if (!tracing) return observer;
  return {
    onCall: (event) => {
      observer.onCall(event);
      const parent = requestScope.getStore()?.span;
      const end = Date.now();
      const span = tracing.tracer.startSpan(
        `source ${event.operation} ${event.source}`,
        { kind: SpanKind.CLIENT, startTime: end - event.ms, attributes: { 'gateway.source': event.source, 'gateway.source.operation': event.operation, 'gateway.outcome': event.ok ? 'ok' : 'error' } },
        parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
      );
      if (!event.ok) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(end);
    },
  };
}
