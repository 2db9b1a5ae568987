import { SourceUnavailableError, TransientSourceError } from '../errors';
import { classifyFailure } from '../sources/classifyFailure';
import type { DsrTaskDoc } from './DsrRequestDoc';
import type { RetrySettings } from './RetrySettings';
import { nextAttemptAt } from './RetrySettings';

/** A short, fixed description of a failure for the ledger: never a driver's or HTTP body's text. */
export function describeFailure(error: unknown): string {
  switch (classifyFailure(error)) {
    case 'transient': return 'transient source failure';
    case 'refused': return 'the source refused a value';
    default:
      if (error instanceof SourceUnavailableError) return 'source unavailable';
      if (error instanceof Error && 'code' in error && typeof (error as { code: unknown }).code === 'string') return `source error (${(error as { code: string }).code})`;
      return 'source action failed';
  }
}

/**
 * A task after a failed attempt: a transient failure keeps it pending until its next attempt is
 * due (persisted, so a restart waits the same), for as long as the request's due date allows;
 * any other failure, or one too close to the due date, fails it.
 */
export function taskAfterFailure(task: DsrTaskDoc, error: unknown, options: { now: Date; dueAt: string; retry: RetrySettings }): DsrTaskDoc {
  const lastError = describeFailure(error);
  const updatedAt = options.now.toISOString();
  if (classifyFailure(error) === 'transient') {
    const retryAfterMs = error instanceof TransientSourceError ? error.retryAfterMs : undefined;
    const notBefore = nextAttemptAt({ attempts: task.attempts, retryAfterMs, now: options.now, dueAt: options.dueAt, retry: options.retry });
    if (notBefore) return { ...task, status: 'PENDING', lastError, notBefore, updatedAt };
    return { ...task, status: 'FAILED', lastError: `${lastError}; gave up: the request is due ${options.dueAt}`, notBefore: null, updatedAt };
  }
  return { ...task, status: 'FAILED', lastError, notBefore: null, updatedAt };
}
