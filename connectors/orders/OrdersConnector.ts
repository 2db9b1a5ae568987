import { GatewayError, SourceUnavailableError } from '../../src/errors';
import type { Connector, ErasePlan, EraseResult, FindOptions, SourceRecord, SubjectSelector } from '../../src/sources/Connector';
import type { Identity } from '../../src/sources/Identity';
import type { DocumentCollection, DocumentStore } from '../../src/store/DocumentStore';
import { buildIdentityFilter } from './buildIdentityFilter';
import { groupByIdentity } from './groupByIdentity';
import type { OrderDocument } from './OrderDocument';
import { ORDERS_COLLECTION } from './OrderDocument';
import { ordersDescriptor } from './ordersDescriptor';
import { planOrderErasure } from './planOrderErasure';
import { rectifyChanges } from './rectifyChanges';
import { toOrderRecord } from './toOrderRecord';

export interface OrdersConnectorOptions {
  /** The document store holding the orders; owned by the caller (`close` leaves it open). */
  readonly store: DocumentStore;
  readonly collection?: string;
  /** Clock for correction timestamps (tests pin it). */
  readonly now?: () => Date;
}

/** Identifying fields removed when an order is kept only for statistics. */
const DEPERSONALIZE = { customerId: true, email: true, phone: true, name: true, address: true, ip: true } as const;
const NO_ERASURE: EraseResult = { deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] };

/**
 * The store-orders source over the document-store port (MongoDB in production, embedded
 * otherwise). Queries are built by pure functions beside it; this file only does I/O. A store
 * failure reaches the gateway as SourceUnavailableError("orders") with the driver's error as
 * its cause, never its text.
 */
export function createOrdersConnector(options: OrdersConnectorOptions): Connector {
  const orders: DocumentCollection<OrderDocument> = options.store.collection<OrderDocument>(options.collection ?? ORDERS_COLLECTION);
  const now = options.now ?? (() => new Date());
  const guarded = async <R>(op: () => Promise<R>): Promise<R> => {
    try {
      return await op();
    } catch (error) {
      throw asSourceError(error);
    }
  };
  const subjectFilter = (subject: SubjectSelector) => buildIdentityFilter(subject.identities, { includeRestricted: true });

  async function erasure(plan: ErasePlan) {
    const filter = subjectFilter(plan);
    if (filter === null) return planOrderErasure([], plan);
    const docs = await orders.find(filter, { projection: { createdAt: 1, total: 1, items: 1, ip: 1, device: 1, name: 1, email: 1, phone: 1, address: 1, depersonalizedAt: 1 } });
    return planOrderErasure(docs, plan);
  }
  const toResult = (e: ReturnType<typeof planOrderErasure>, counts: { deleted: number; depersonalized: number }): EraseResult => ({
    ...counts,
    retained: e.retained.length,
    retainedRecords: e.retained.map(({ id, until, hold }) => ({ id, until, hold })),
  });

  return {
    ...ordersDescriptor,

    // The port cannot cancel a query: on abort the answer is abandoned, not awaited.
    findByIdentities: (keys: readonly Identity[], find?: FindOptions) => guarded(async () => {
      const filter = buildIdentityFilter(keys, { includeRestricted: find?.includeRestricted ?? false });
      const docs = filter === null ? [] : await untilAborted(orders.find(filter, { sort: { createdAt: -1 } }), find?.signal);
      return groupByIdentity(keys, docs.map(toOrderRecord));
    }),

    health: (signal?: AbortSignal) => guarded(() => untilAborted(options.store.ping(), signal)),

    async *exportRecords(subject: SubjectSelector): AsyncGenerator<SourceRecord> {
      const filter = subjectFilter(subject);
      if (filter === null) return;
      try {
        for await (const doc of orders.iterate(filter)) yield toOrderRecord(doc);
      } catch (error) {
        throw asSourceError(error);
      }
    },

    // Idempotent: the flag is set (or cleared), not toggled. Orders kept under a legal hold stay
    // restricted when a block is lifted: their restriction is the erasure's, not the block's.
    restrict: (subject: SubjectSelector, restricted: boolean) => guarded(async () => {
      const filter = subjectFilter(subject);
      if (filter === null) return { records: 0 };
      const result = restricted
        ? await orders.updateMany(filter, { $set: { restricted: true } })
        : await orders.updateMany({ $and: [filter, { retainedUntil: { $exists: false } }] }, { $unset: { restricted: true } });
      return { records: result.matched };
    }),

    planErase: (plan: ErasePlan) => guarded(async () => {
      const e = await erasure(plan);
      return toResult(e, { deleted: e.deleteIds.length, depersonalized: e.depersonalizeIds.length });
    }),

    // Idempotent (the worker may retry after a crash): erased orders no longer match the subject,
    // depersonalization skips orders already stripped, retained ones are reported again.
    erase: (plan: ErasePlan) => guarded(async () => {
      const e = await erasure(plan);
      if (e.deleteIds.length + e.depersonalizeIds.length + e.retained.length === 0) return NO_ERASURE;
      for (const { id, until } of e.retained) await orders.updateOne({ _id: id }, { $set: { restricted: true, retainedUntil: until } });
      const deleted = e.deleteIds.length ? await orders.deleteMany({ _id: { $in: e.deleteIds } }) : 0;
      const depersonalized = e.depersonalizeIds.length
        ? (await orders.updateMany({ _id: { $in: e.depersonalizeIds }, depersonalizedAt: { $exists: false } }, {
          $unset: DEPERSONALIZE, $set: { depersonalizedAt: plan.now.toISOString() },
        })).modified
        : 0;
      return toResult(e, { deleted, depersonalized });
    }),

    rectify: (subject: SubjectSelector, changes) => guarded(async () => {
      const { set, fields } = rectifyChanges(changes);
      const filter = subjectFilter(subject);
      if (fields.length === 0 || filter === null) return { records: 0, mode: 'none' as const };
      const result = await orders.updateMany(filter, { $set: set, $push: { corrections: { at: now().toISOString(), fields } } });
      return { records: result.matched, mode: result.matched > 0 ? ('overwrite' as const) : ('none' as const) };
    }),

    // Only orders an erasure retained can be purged: a wrong id never destroys a live order.
    purgeRecords: (ids: readonly string[]) => guarded(async () => {
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) throw new TypeError('expected an array of order ids');
      if (ids.length === 0) return { deleted: 0 };
      return { deleted: await orders.deleteMany({ _id: { $in: [...ids] }, retainedUntil: { $exists: true } }) };
    }),

    // The store belongs to the caller, who may share it with the gateway's own state.
    close: async () => undefined,
  };
}

function asSourceError(error: unknown): Error {
  if (error instanceof GatewayError) return error;
  return new SourceUnavailableError(ordersDescriptor.name, error);
}

/** Resolves with `work`, or rejects as soon as `signal` aborts (the work is abandoned, not cancelled). */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
