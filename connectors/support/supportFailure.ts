import { SourceUnavailableError, TransientSourceError } from '../../src/errors';
import { SqlError } from '../../src/sql/SqlClient';
import { supportDescriptor } from './supportDescriptor';

const source = supportDescriptor.name;

/**
 * What a failed call becomes at the connector's edge. Reads feed a GraphQL response: any database
 * failure nulls this source's fields (SOURCE_UNAVAILABLE). DSR actions (export, erase, restrict,
 * rectify, purge) run in the worker: a lost connection or a busy server is a TransientSourceError,
 * retried with backoff; any other database failure fails the task. Misuse (TypeError) and
 * validation errors (GatewayError) pass unchanged. The driver's text stays in `cause`.
 */
export function supportFailure(error: unknown, path: 'read' | 'action'): unknown {
  if (!(error instanceof SqlError)) return error;
  if (path === 'action' && error.transient) {
    return new TransientSourceError(`source "${source}" failed transiently (${error.code ?? 'connection'})`, { cause: error });
  }
  return new SourceUnavailableError(source, error);
}
