import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from '@opentelemetry/api';

/** The request id (and its trace span, when tracing is on), reachable from code Apollo calls without a context (formatError, logs, source calls). */
export const requestScope = new AsyncLocalStorage<{ requestId: string; span?: Span }>();
