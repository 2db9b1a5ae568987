import type { ErrorCode } from '../errors';

/** The HTTP status of a request refused before any GraphQL runs (token, purpose, body, path). */
const STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  PURPOSE_REQUIRED: 400,
  UNKNOWN_PURPOSE: 400,
  PURPOSE_NOT_ALLOWED: 403,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  QUERY_TOO_COMPLEX: 413,
  RATE_LIMITED: 429,
};

export const httpStatusFor = (code: ErrorCode): number => STATUS[code] ?? 400;
