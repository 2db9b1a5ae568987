import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id, and the client once its token is verified: reachable from code Apollo calls
 * without a context (formatError), and put on every log line written while the request runs.
 */
export const requestScope = new AsyncLocalStorage<{ requestId: string; client?: string }>();
