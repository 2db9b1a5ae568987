import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { requestScope } from '../http/requestScope';

/**
 * What a log keeps of an error: its type, its code and where it was thrown — never its message.
 * Driver and HTTP messages quote the values they failed on ("E11000 duplicate key … alice@…"),
 * and logs must hold no personal data; the type, code and frames are what an operator needs to
 * find the cause, with the request id beside them.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 12).map((line) => line.trim());
  const out: Record<string, unknown> = { type: error.name, frames };
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  // GraphQL wraps what a resolver threw in `originalError`; other errors chain with `cause`.
  const cause = (error as { originalError?: unknown }).originalError ?? error.cause;
  if (cause !== undefined && cause !== null && depth < 3) out.cause = serializeError(cause, depth + 1);
  return out;
}

/** The gateway's logger: structured (pino), request ids carried by the callers, no personal data. */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  const settings = {
    level: options.level,
    serializers: { err: serializeError },
    // Within a request every line names it and, once its token is verified, its client.
    mixin: () => {
      const scope = requestScope.getStore();
      return scope ? (scope.client ? { requestId: scope.requestId, client: scope.client } : { requestId: scope.requestId }) : {};
    },
    redact: { paths: ['req.headers.authorization', '*.email', '*.phone', '*.customerId'], censor: '[redacted]' },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
