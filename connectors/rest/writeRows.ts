import { SourceUnavailableError } from '../../src/errors';
import type { KeyVars } from './buildWriteRequest';
import { buildWriteRequest } from './buildWriteRequest';
import type { RestClient } from './createRestClient';
import { mapBounded } from './mapBounded';
import type { WriteEndpoint } from './RestOptions';
import { valueAt } from './valueAt';

export interface WriteRowsOptions {
  readonly client: RestClient;
  /** Source name, for errors. */
  readonly source: string;
  readonly endpoint: WriteEndpoint;
  readonly keys: readonly KeyVars[];
  /** What the body template is filled from: the values written by path, or { note }. */
  readonly vars: Readonly<Record<string, unknown>>;
}

function counted(options: { endpoint: WriteEndpoint; answer: unknown; sent: number; source: string; route: string }): number {
  const { endpoint } = options;
  if (endpoint.count === null) return options.sent;
  const value = valueAt(options.answer, endpoint.count);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const got = value === null ? 'null' : typeof value;
  throw new SourceUnavailableError(options.source, new Error(`expected a count (a whole number or a boolean) at "${endpoint.count}" in the answer to ${options.route}, got ${got}`));
}

/**
 * Writes to the records of `keys` through one endpoint: a call per key ({id} in the path) or per
 * batch, `endpoint.concurrency` in flight; returns how many records changed. A per-key call that
 * answers 404 changed nothing: the record is gone, and writes are retried after crashes.
 */
export async function writeRows(options: WriteRowsOptions): Promise<number> {
  const { endpoint, client } = options;
  const perKey = endpoint.keys.in === 'path';
  const batches: KeyVars[][] = [];
  for (let i = 0; i < options.keys.length; i += endpoint.batch) batches.push(options.keys.slice(i, i + endpoint.batch));
  const counts = await mapBounded(batches, endpoint.concurrency, async (batch) => {
    const request = buildWriteRequest(endpoint, { keys: batch, vars: options.vars });
    const answer = await client.send(request, { notFoundAsNull: perKey });
    return answer === null ? 0 : counted({ endpoint, answer, sent: batch.length, source: options.source, route: request.route });
  });
  return counts.reduce((a, b) => a + b, 0);
}
