import { GraphQLError } from 'graphql';

/**
 * The public error codes (CONTRACT.md §5). Clients branch on these; they are stable.
 * Every error that reaches a client carries exactly one of them in `extensions.code`.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  PURPOSE_REQUIRED: 'PURPOSE_REQUIRED',
  UNKNOWN_PURPOSE: 'UNKNOWN_PURPOSE',
  PURPOSE_NOT_ALLOWED: 'PURPOSE_NOT_ALLOWED',
  FORBIDDEN: 'FORBIDDEN',
  SUBJECT_BLOCKED: 'SUBJECT_BLOCKED',
  CONSENT_REQUIRED: 'CONSENT_REQUIRED',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  SOURCE_UNAVAILABLE: 'SOURCE_UNAVAILABLE',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  NOT_FOUND: 'NOT_FOUND',
  /** A change would give the subject an identity that belongs to another subject: refused whole. */
  CONFLICT: 'CONFLICT',
  /** Not in CONTRACT.md: a client over its policy's rate limit (HTTP 429 with Retry-After). */
  RATE_LIMITED: 'RATE_LIMITED',
  OBJECTED: 'OBJECTED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error whose message is safe to show a client. Internal causes stay in `cause` (logged, never sent). */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options: { cause?: unknown; extensions?: Record<string, unknown> } = {}) {
    super(message, { extensions: { ...options.extensions, code } });
    this.code = code;
    if (options.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
  }
}

export const badInput = (message: string, extensions?: Record<string, unknown>): GatewayError =>
  new GatewayError(ErrorCode.BAD_USER_INPUT, message, { extensions });

/** A client over its rate limit (the policy's `rateLimit`): HTTP 429 with Retry-After. */
export const rateLimited = (retryAfterSeconds: number): GatewayError =>
  new GatewayError(ErrorCode.RATE_LIMITED, `expected fewer requests and lookups from this client: retry after ${retryAfterSeconds} s`, { extensions: { retryAfterSeconds } });

/**
 * A source (connector) failed or timed out. The message names the source only;
 * the driver's or HTTP client's text is kept in `cause` for the log.
 */
export class SourceUnavailableError extends GatewayError {
  readonly sourceName: string;
  constructor(sourceName: string, cause?: unknown) {
    super(ErrorCode.SOURCE_UNAVAILABLE, `source "${sourceName}" is unavailable`, { cause, extensions: { source: sourceName } });
    this.sourceName = sourceName;
  }
}

/** Whether a failure is worth retrying (network, timeout, 429, 5xx) rather than a permanent refusal. */
export class TransientSourceError extends Error {
  constructor(message: string, options: { cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TransientSourceError';
    this.retryAfterMs = options.retryAfterMs;
  }
  readonly retryAfterMs: number | undefined;
}

/**
 * A source refused the value it was sent (a 400 or 422 for that request, a string it cannot
 * store, a key too long): a per-key error that says nothing about the source's health, so it
 * never counts towards the circuit breaker (`classifyFailure`: "refused").
 */
export class RefusedValueError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'RefusedValueError';
  }
}
