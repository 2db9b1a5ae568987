import { SqlError, type SqlOperation } from './SqlClient';

/** Properties drivers attach that hold the statement or its values (pg, PGlite, mysql2). */
const STATEMENT_KEYS = ['query', 'params', 'queryOptions', 'sql', 'values'];

/**
 * The SqlError for a driver failure its classifier has judged: the message names the operation
 * and `what` (a code, never driver text); the driver's error becomes `cause`, minus the
 * properties that quote the statement or its parameters — `cause` is logged, and parameters are
 * often personal data. Shared by every driver's classifier.
 */
export function wrapDriverError(cause: unknown, verdict: { operation: SqlOperation; code: string | undefined; transient: boolean; what: string }): SqlError {
  scrub(cause);
  const { operation, code, transient, what } = verdict;
  return new SqlError(`SQL ${operation} failed: ${what}`, { operation, code, transient, cause });
}

function scrub(cause: unknown): void {
  if (typeof cause !== 'object' || cause === null) return;
  for (const key of STATEMENT_KEYS) {
    if (Object.prototype.hasOwnProperty.call(cause, key)) delete (cause as Record<string, unknown>)[key];
  }
}
