import type { ApiErrorType } from '../ProcessorApi';

/**
 * A refusal the processor answers with `{ error: { type, message } }`. Handlers throw it; the
 * server turns it into the response. Any other exception is a 500 whose text stays in the log.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly type: ApiErrorType;
  readonly headers: Readonly<Record<string, string>>;

  constructor(options: { status: number; type: ApiErrorType; message: string; headers?: Record<string, string> }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.type = options.type;
    this.headers = options.headers ?? {};
  }

  static invalid(message: string, status = 400): ApiError {
    return new ApiError({ status, type: 'invalid_request_error', message });
  }

  static notFound(what: string): ApiError {
    return new ApiError({ status: 404, type: 'invalid_request_error', message: `no such ${what}` });
  }
}
