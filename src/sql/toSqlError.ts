import { SqlError, type SqlOperation } from './SqlClient';
import { PG_ERROR_CLASSES } from './pgErrorClasses';
import { TRANSIENT_SOCKET_CODES } from './transientSocketCodes';
import { wrapDriverError } from './wrapDriverError';

const SOCKET_CODES = /^E[A-Z]+$/;
const SQLSTATE = /^[0-9A-Z]{5}$/;
/** node-postgres reports a lost or timed-out connection without a code. */
const TRANSIENT_DRIVER_TEXT = /connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|query read timeout|connection ended unexpectedly/i;

/**
 * Wraps whatever a PostgreSQL driver (node-postgres, PGlite) threw into a SqlError whose message
 * holds no statement text and no value (see wrapDriverError), classified by PG_ERROR_CLASSES.
 */
export function toSqlError(cause: unknown, operation: SqlOperation): SqlError {
  if (cause instanceof SqlError) return cause;
  const code = errorCode(cause);
  const transient = code !== undefined
    ? code.startsWith('08') || PG_ERROR_CLASSES[code]?.transient === true || TRANSIENT_SOCKET_CODES.has(code)
    : cause instanceof Error && TRANSIENT_DRIVER_TEXT.test(cause.message);
  const what = code === undefined ? (transient ? 'connection lost' : 'driver error') : describe(code);
  return wrapDriverError(cause, { operation, code, transient, what });
}

function describe(code: string): string {
  if (SOCKET_CODES.test(code) || !SQLSTATE.test(code)) return code;
  const condition = PG_ERROR_CLASSES[code]?.name;
  return condition === undefined ? `SQLSTATE ${code}` : `SQLSTATE ${code} (${condition})`;
}

function errorCode(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' && code.length > 0 ? code : undefined;
}
