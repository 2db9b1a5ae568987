import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors';

const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode));
/** graphql-armor rejects with "Syntax Error: <limit> …" and no code; these are its limits (and graphql-js's token limit). */
const ARMOR = /^Syntax Error: (Query depth limit|Query Cost limit|Aliases limit|Directives limit|Token limit|.*limit of \d+ exceeded|Document contains more th(?:an|at) \d+ tokens)/i;
/** Apollo's and graphql-js's own codes for a request that is wrong, mapped onto the contract's. */
const CLIENT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_SUPPORTED', 'PERSISTED_QUERY_NOT_FOUND']);

/** graphql-js's coercion messages quote the value a variable got: a caller's input, perhaps personal data. */
const VARIABLE_VALUE = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" got invalid value [\s\S]*?(?: at "([A-Za-z0-9_.[\]]{1,200})")?;[\s\S]*$/;
/** "Did you mean …" names fields and enum values the caller did not know: no suggestions, in any mode. */
const SUGGESTION = /\s*Did you mean [\s\S]*$/;

/** What a client may read of a message: no suggestions, and never the value a variable was given. */
export function safeMessage(message: string): string {
  const variable = VARIABLE_VALUE.exec(message);
  if (variable) return `Variable "$${variable[1]}" got an invalid value${variable[2] ? ` at "${variable[2]}"` : ''} (the value is not repeated)`;
  return message.replace(SUGGESTION, '');
}

/**
 * The last word on what a client sees of an error. Contract codes pass with their message;
 * request errors become BAD_USER_INPUT or QUERY_TOO_COMPLEX; anything else is masked to a
 * generic message with the request id the log carries (the original is logged, never sent).
 */
export function formatError(formatted: GraphQLFormattedError, options: { requestId: string; onUnexpected: (error: GraphQLFormattedError) => void }): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  const base = { locations: formatted.locations, path: formatted.path };
  if (ARMOR.test(formatted.message)) {
    return { ...base, message: formatted.message.replace(/^Syntax Error: /, ''), extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, requestId: options.requestId } };
  }
  if (PUBLIC_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { code: _c, ...rest } = formatted.extensions ?? {};
    return { ...base, message: safeMessage(formatted.message), extensions: { ...safeExtensions(rest), code, requestId: options.requestId } };
  }
  if (CLIENT_CODES.has(code)) {
    return { ...base, message: safeMessage(formatted.message), extensions: { code: ErrorCode.BAD_USER_INPUT, requestId: options.requestId } };
  }
  options.onUnexpected(formatted);
  return { ...base, message: `Internal error. Quote request id ${options.requestId} to the operator.`, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId: options.requestId } };
}

/** Only our own, known extension keys travel: never a stack trace or a driver's fields. */
function safeExtensions(extensions: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['source', 'field', 'retryAfterSeconds']) if (key in extensions) out[key] = extensions[key];
  return out;
}
