import { SqlError, type SqlOperation } from './SqlClient';

/** Names for the SQLSTATEs callers meet most, so a log line is readable without the cause. */
const CONDITIONS: Readonly<Record<string, string>> = {
  '08000': 'connection_exception',
  '08001': 'sqlclient_unable_to_establish_sqlconnection',
  '08003': 'connection_does_not_exist',
  '08004': 'sqlserver_rejected_establishment_of_sqlconnection',
  '08006': 'connection_failure',
  '22P02': 'invalid_text_representation',
  '23502': 'not_null_violation',
  '23503': 'foreign_key_violation',
  '23505': 'unique_violation',
  '23514': 'check_violation',
  '25P02': 'in_failed_sql_transaction',
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '42601': 'syntax_error',
  '42703': 'undefined_column',
  '42P01': 'undefined_table',
  '53300': 'too_many_connections',
  '57014': 'query_canceled',
  '57P01': 'admin_shutdown',
  '57P02': 'crash_shutdown',
  '57P03': 'cannot_connect_now',
};

/** SQLSTATEs after which the same statement may succeed: the connection or the server's load. */
const TRANSIENT_STATES = new Set(['40001', '40P01', '53300', '57014', '57P01', '57P02', '57P03']);
const SOCKET_CODES = /^E[A-Z]+$/;
const SQLSTATE = /^[0-9A-Z]{5}$/;
const TRANSIENT_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);
/** node-postgres reports a lost or timed-out connection without a code. */
const TRANSIENT_DRIVER_TEXT = /connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|query read timeout|connection ended unexpectedly/i;

/**
 * Wraps whatever a driver threw into a SqlError whose message holds no statement text and no
 * value. Drivers that attach the statement and its parameters to their errors (PGlite does) have
 * those properties removed: `cause` is logged, and parameters are often personal data.
 */
export function toSqlError(cause: unknown, operation: SqlOperation): SqlError {
  if (cause instanceof SqlError) return cause;
  const code = errorCode(cause);
  scrub(cause);
  const transient = code !== undefined
    ? code.startsWith('08') || TRANSIENT_STATES.has(code) || TRANSIENT_SOCKET_CODES.has(code)
    : cause instanceof Error && TRANSIENT_DRIVER_TEXT.test(cause.message);
  const what = code === undefined ? (transient ? 'connection lost' : 'driver error') : describe(code);
  return new SqlError(`SQL ${operation} failed: ${what}`, { operation, code, transient, cause });
}

/** A SqlError for a call on a closed client: permanent, the owner closed it on purpose. */
export const closedClientError = (operation: SqlOperation): SqlError =>
  new SqlError(`SQL ${operation} failed: the client is closed`, { operation, transient: false });

function describe(code: string): string {
  if (SOCKET_CODES.test(code) || !SQLSTATE.test(code)) return code;
  const condition = CONDITIONS[code];
  return condition === undefined ? `SQLSTATE ${code}` : `SQLSTATE ${code} (${condition})`;
}

function errorCode(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' && code.length > 0 ? code : undefined;
}

function scrub(cause: unknown): void {
  if (typeof cause !== 'object' || cause === null) return;
  for (const key of ['query', 'params', 'queryOptions']) {
    if (Object.prototype.hasOwnProperty.call(cause, key)) delete (cause as Record<string, unknown>)[key];
  }
}
