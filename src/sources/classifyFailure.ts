import { BSON, MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { RefusedValueError, TransientSourceError } from '../errors';
import { DuplicateKeyError } from '../store/DocumentStore';
import { SqlError } from '../sql/SqlClient';

/**
 * What a failure of a source call is, decided here once for every kind of source:
 * - `transient`: the same call may succeed later (timeout, refused or dropped connection, 429, 5xx,
 *   a busy server). The DSR worker keeps the task pending with backoff.
 * - `refused`: the source refused this value (too long, an invalid byte sequence): a per-key
 *   error that says nothing about the source's health and never counts towards its breaker.
 * - `permanent`: anything else (bad credentials, an unknown table): the task fails, the officer sees it.
 */
export type FailureClass = 'transient' | 'refused' | 'permanent';

/** SQLSTATE classes and MySQL errors that say "this value", not "this source". */
const REFUSED_SQL = /^(22|23)|^ER_(DATA_TOO_LONG|TRUNCATED_WRONG_VALUE|WRONG_VALUE|INVALID_CHARACTER_STRING|DUP_ENTRY|BAD_NULL_ERROR)|^ER_TRUNCATED/;
/** MongoDB server errors about the document or value sent: BadValue, TypeMismatch, a "$" field name, validation, too large, duplicate key, key too long. */
const REFUSED_MONGO = new Set([2, 14, 52, 121, 10334, 11000, 17280]);
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

export function classifyFailure(error: unknown): FailureClass {
  if (error instanceof TransientSourceError) return 'transient';
  if (error instanceof RefusedValueError || error instanceof DuplicateKeyError || error instanceof BSON.BSONError) return 'refused';
  if (error instanceof MongoServerError && typeof error.code === 'number' && REFUSED_MONGO.has(error.code)) return 'refused';
  if (error instanceof SqlError) return error.transient ? 'transient' : error.code !== undefined && REFUSED_SQL.test(error.code) ? 'refused' : 'permanent';
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) return 'transient';
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'transient';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return 'transient';
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause !== undefined && cause !== error) return classifyFailure(cause);
  return 'permanent';
}
