/**
 * How a request waits out a transient source failure: exponential backoff from `initialMs`,
 * capped at `maxMs`, for as long as the request's due date allows — it gives up `giveUpBeforeDueMs`
 * before it, so the officer sees it FAILED while there is still time to act (retryDsrRequest).
 */
export interface RetrySettings {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly giveUpBeforeDueMs: number;
}

/** When a failed attempt may be tried again; null when that would come too close to `dueAt`. */
export function nextAttemptAt(options: { attempts: number; retryAfterMs?: number; now: Date; dueAt: string; retry: RetrySettings }): string | null {
  const { retry, now } = options;
  const backoff = Math.min(retry.maxMs, retry.initialMs * 2 ** Math.max(0, Math.min(40, options.attempts - 1)));
  const at = now.getTime() + Math.max(backoff, options.retryAfterMs ?? 0);
  return at <= Date.parse(options.dueAt) - retry.giveUpBeforeDueMs ? new Date(at).toISOString() : null;
}
