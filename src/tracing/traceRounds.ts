import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { requestScope } from '../http/requestScope';
import type { Tracing } from './createTracing';

export type RoundRunner = <T>(round: number, run: () => Promise<T>) => Promise<T>;

/**
 * A span per resolution round (`resolve round 1`: the round and the number of refs, never the
 * refs), under the request's span; the source calls the round makes are its children, because the
 * round runs with its span as the request scope's.
 */
export function traceRounds(tracing: Tracing | null): RoundRunner | undefined {
  if (!tracing) return undefined;
  return async (round, run) => {
    const store = requestScope.getStore();
    const parent = store?.span;
    const span = tracing.tracer.startSpan(`resolve round ${round + 1}`, { attributes: { 'gateway.resolve.round': round + 1 } }, parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT);
    try {
      return await requestScope.run({ requestId: store?.requestId ?? 'unknown', span }, run);
    } finally {
      span.end();
    }
  };
}
