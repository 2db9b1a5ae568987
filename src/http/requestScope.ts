import { AsyncLocalStorage } from 'node:async_hooks';

/** The request id, reachable from code Apollo calls without a context (formatError, logs). */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();
