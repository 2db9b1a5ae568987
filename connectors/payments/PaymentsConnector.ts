import { SourceUnavailableError, TransientSourceError } from '../../src/errors';
import type { Connector, SourceRecord } from '../../src/sources/Connector';
import { normalizeIdentity } from '../../src/sources/Identity';
import { annotatePayments } from './annotatePayments';
import { customerIdsOf, customerOf } from './customerIdsOf';
import { deletePayments, erasePayments } from './erasePayments';
import { paymentsDescriptor } from './paymentsDescriptor';
import type { HealthResponse, RestrictResponse } from './ProcessorApi';
import { createProcessorClient } from './ProcessorClient';
import { processorRequests } from './processorRequests';
import { collectPayments, searchPayments } from './searchPayments';

export interface PaymentsConnectorOptions {
  /** The processor's API root (PAYMENTS_API_URL). */
  baseUrl: string;
  apiKey: string;
  /** Bound on a read (all its pages together) and on each request of a DSR action. Default 2000. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

const source = paymentsDescriptor.name;
const categories = [...new Set(Object.values(paymentsDescriptor.collections[0]!.fields).filter((c): c is string => c !== null))];

/** Reads feed a GraphQL response: any failure nulls this source's fields (SOURCE_UNAVAILABLE). */
const asReadFailure = (error: unknown): SourceUnavailableError => (error instanceof SourceUnavailableError ? error : new SourceUnavailableError(source, error));
/** DSR actions run in the worker: a TransientSourceError is retried with backoff; anything else fails the task. */
const asActionFailure = (error: unknown): Error => (error instanceof TransientSourceError || error instanceof SourceUnavailableError ? error : new SourceUnavailableError(source, error));
const failingWith = <T>(map: (error: unknown) => Error) => (error: unknown): Promise<T> => Promise.reject(map(error));

/**
 * The payment processor's REST API as a gateway source. A batch read is one search request for
 * every customer id; erasure keeps payments under a legal hold (restricted) and deletes or
 * depersonalizes the rest; rectification annotates, as payments are immutable. Methods are
 * closures, not class methods, so the gateway may pass them detached (a DataLoader batch fn).
 */
export function createPaymentsConnector(options: PaymentsConnectorOptions): Connector {
  const timeoutMs = options.timeoutMs ?? 2000;
  const client = createProcessorClient({ source, baseUrl: options.baseUrl, apiKey: options.apiKey, timeoutMs, fetchImpl: options.fetchImpl });

  return {
    ...paymentsDescriptor,

    async findByIdentities(keys, findOptions = {}) {
      const wanted = keys.map((key) => (key.type === 'CUSTOMER_ID' ? normalizeIdentity('CUSTOMER_ID', key.value) : null));
      const customerIds = [...new Set(wanted.flatMap((w) => (w && !(w instanceof Error) ? [w.value] : [])))];
      const byCustomer = new Map<string, SourceRecord[]>();
      if (customerIds.length > 0) {
        // One deadline for the whole lookup, pages included: a read bounds a GraphQL response.
        const search = { client, source, customerIds, includeRestricted: findOptions.includeRestricted ?? false, expandCustomer: true, signal: AbortSignal.timeout(timeoutMs) };
        for (const record of await collectPayments(search).catch(failingWith<SourceRecord[]>(asReadFailure))) {
          const id = customerOf(record);
          if (id === undefined) continue;
          const list = byCustomer.get(id);
          if (list) list.push(record);
          else byCustomer.set(id, [record]);
        }
      }
      return wanted.map((w) => (w === null ? [] : w instanceof Error ? w : (byCustomer.get(w.value) ?? [])));
    },

    async health(signal) {
      const answer = await client.send<HealthResponse | null>(processorRequests.health(), signal).catch(failingWith<null>(asReadFailure));
      if (answer?.status !== 'ok') throw new SourceUnavailableError(source, new Error('expected /health to answer status "ok", got something else'));
    },

    /** A DSR action (access request): restricted payments included, failures as for writes. */
    async *exportRecords(subject) {
      const customerIds = customerIdsOf(subject.identities);
      if (customerIds.length === 0) return;
      try {
        for await (const records of searchPayments({ client, source, customerIds, includeRestricted: true, expandCustomer: true })) yield* records;
      } catch (error) {
        throw asActionFailure(error);
      }
    },

    /** Idempotent at the processor; a customer it does not know (404) has nothing to restrict. */
    async restrict(subject, restricted) {
      let records = 0;
      for (const id of customerIdsOf(subject.identities)) {
        const done = await client.sendOrNull<RestrictResponse>(processorRequests.restrictCustomer(id, restricted)).catch(failingWith<null>(asActionFailure));
        records += done?.payments ?? 0;
      }
      return { records };
    },

    planErase: (plan) => erasePayments({ client, source, plan, categories, dryRun: true }).catch(failingWith(asActionFailure)),
    erase: (plan) => erasePayments({ client, source, plan, categories, dryRun: false }).catch(failingWith(asActionFailure)),

    rectify: (subject, changes) => annotatePayments({ client, source, customerIds: customerIdsOf(subject.identities), changes }).catch(failingWith(asActionFailure)),

    async purgeRecords(ids) {
      const bad = ids.find((id) => typeof id !== 'string' || id === '');
      if (bad !== undefined) throw new TypeError(`expected payment ids as non-empty strings, got ${typeof bad === 'string' ? 'an empty string' : typeof bad}`);
      return { deleted: await deletePayments(client, ids).catch(failingWith<number>(asActionFailure)) };
    },

    async close() {
      client.close();
    },
  };
}
