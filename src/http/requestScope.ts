import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from '@opentelemetry/api';

/**
 * The request id, the client once its token is verified, and the request's trace span when
 * tracing is on: reachable from code Apollo calls without a context (formatError, source calls),
 * and put on every log line written while the request runs.
 */
export const requestScope = new AsyncLocalStorage<{ requestId: string; client?: string; span?: Span }>();
