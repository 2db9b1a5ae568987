import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Datastore from '@seald-io/nedb';
import type { ProcessorCustomer, ProcessorPayment } from '../ProcessorApi';

type CustomerDoc = Omit<ProcessorCustomer, 'id'> & { _id: string };
type PaymentDoc = Omit<ProcessorPayment, 'id' | 'customer'> & { _id: string };

/** A position in the (createdAt, id) order every list is sorted by. */
export interface PagePosition {
  createdAt: string;
  id: string;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

export interface SeedData {
  customers?: ReadonlyArray<Pick<ProcessorCustomer, 'id'> & Partial<ProcessorCustomer>>;
  payments?: ReadonlyArray<Pick<ProcessorPayment, 'id' | 'customerId' | 'amount' | 'currency'> & Partial<ProcessorPayment>>;
}

export interface ProcessorStore {
  isEmpty(): Promise<boolean>;
  seed(data: SeedData): Promise<{ customers: number; payments: number }>;
  getCustomer(id: string): Promise<ProcessorCustomer | null>;
  getPayment(id: string): Promise<ProcessorPayment | null>;
  /** Payments of the given customers, ordered by (createdAt, id), starting after `after`. */
  findPayments(query: { customerIds: readonly string[]; limit: number; after?: PagePosition; includeRestricted: boolean }): Promise<Page<ProcessorPayment>>;
  findCustomers(ids: readonly string[]): Promise<ProcessorCustomer[]>;
  /** Customers among `ids`, ordered by (createdAt, id), starting after `after`. */
  findCustomersPage(query: { ids: readonly string[]; limit: number; after?: PagePosition; includeRestricted: boolean }): Promise<Page<ProcessorCustomer>>;
  /** Null when the customer does not exist. */
  restrictCustomer(id: string, restricted: boolean): Promise<{ payments: number } | null>;
  /** The customer's own record only (name, restriction): its payments are not touched. Null when it does not exist. */
  updateCustomer(id: string, changes: { name?: string | null; restricted?: boolean }): Promise<ProcessorCustomer | null>;
  /** These payments' restriction, each on its own; how many of `ids` exist. */
  restrictPayments(ids: readonly string[], restricted: boolean): Promise<number>;
  depersonalizeCustomer(id: string, keep: readonly string[]): Promise<{ depersonalized: number; retained: number } | null>;
  /** With `cascade: false` the customer record goes alone and its payments stay as they are (a client erasing record by record). */
  deleteCustomer(id: string, keep: readonly string[], options?: { cascade: boolean }): Promise<{ deleted: number; retained: number } | null>;
  /** Customer records alone, by id; their payments stay. Resolves with how many existed, once the file is rewritten. */
  deleteCustomers(ids: readonly string[]): Promise<number>;
  deletePayment(id: string): Promise<boolean>;
  /** How many of `ids` existed and are now gone. */
  deletePayments(ids: readonly string[]): Promise<number>;
  addNote(id: string, note: string, at: Date): Promise<ProcessorPayment | null>;
  /** Compacts the datafiles (nedb appends every change) so a restart loads quickly. */
  close(): Promise<void>;
}

/** The processor's files hold card payments and names: owner-only, whatever the umask (nedb creates with these modes; chmod covers older files). */
const OWNER_ONLY = { fileMode: 0o600, dirMode: 0o700 } as const;

const toCustomer = ({ _id, ...rest }: CustomerDoc): ProcessorCustomer => ({ id: _id, ...rest });
const toPayment = ({ _id, ...rest }: PaymentDoc): ProcessorPayment => ({ id: _id, ...rest });

/**
 * The processor's own data: customers and payments in two nedb datastores, persisted under
 * `dataDir` (`customers.db`, `payments.db`) or in memory when it is null. Multi-step changes
 * touch payments first and the customer last, so an operation interrupted half-way is
 * completed by running it again: a customer that is gone means its erasure is done.
 */
export async function createProcessorStore(options: { dataDir: string | null }): Promise<ProcessorStore> {
  const open = async (name: string): Promise<Datastore> => {
    const filename = options.dataDir === null ? null : join(options.dataDir, `${name}.db`);
    const db = filename === null ? new Datastore({ inMemoryOnly: true }) : new Datastore({ filename, modes: { ...OWNER_ONLY } });
    await db.loadDatabaseAsync();
    if (filename !== null) await chmod(filename, OWNER_ONLY.fileMode);
    return db;
  };
  if (options.dataDir !== null) {
    await mkdir(options.dataDir, { recursive: true, mode: OWNER_ONLY.dirMode });
    await chmod(options.dataDir, OWNER_ONLY.dirMode);
  }
  const customers = await open('customers');
  const payments = await open('payments');
  await payments.ensureIndexAsync({ fieldName: 'customerId' });
  await payments.ensureIndexAsync({ fieldName: 'createdAt' });

  /**
   * nedb appends every change to its file: a deleted or overwritten customer stays in it, line by
   * line, until the file is rewritten. A change that removes or replaces personal data resolves
   * only after that rewrite, as a processor's erasure answer must mean the data is gone.
   */
  const compacted = async <T>(result: T, ...stores: Datastore[]): Promise<T> => {
    if (options.dataDir !== null) for (const store of stores) await store.compactDatafileAsync();
    return result;
  };
  const linked = (id: string, keep: readonly string[]) => ({ customerId: id, _id: { $nin: [...keep] } });
  /** Strictly after a (createdAt, id) position: a page boundary that survives deletions. */
  const after = (position: PagePosition | undefined) => (position ? { $or: [{ createdAt: { $gt: position.createdAt } }, { createdAt: position.createdAt, _id: { $gt: position.id } }] } : {});
  const kept = (id: string, keep: readonly string[]) => ({ customerId: id, _id: { $in: [...keep] } });

  async function getCustomer(id: string): Promise<ProcessorCustomer | null> {
    const doc = (await customers.findOneAsync({ _id: id })) as CustomerDoc | null;
    return doc ? toCustomer(doc) : null;
  }

  return {
    async isEmpty() {
      return (await customers.countAsync({})) === 0 && (await payments.countAsync({})) === 0;
    },
    async seed(data) {
      const now = new Date().toISOString();
      const customerDocs: CustomerDoc[] = (data.customers ?? []).map((c) => ({ _id: c.id, name: c.name ?? null, createdAt: c.createdAt ?? now, restricted: c.restricted ?? false }));
      const paymentDocs: PaymentDoc[] = (data.payments ?? []).map(({ id, customer: _customer, ...p }) => ({
        _id: id,
        customerId: p.customerId,
        createdAt: p.createdAt ?? now,
        amount: p.amount,
        currency: p.currency,
        status: p.status ?? 'succeeded',
        cardLast4: p.cardLast4 ?? '4242',
        restricted: p.restricted ?? false,
        notes: p.notes ?? [],
      }));
      if (customerDocs.length > 0) await customers.insertAsync(customerDocs);
      if (paymentDocs.length > 0) await payments.insertAsync(paymentDocs);
      return { customers: customerDocs.length, payments: paymentDocs.length };
    },
    getCustomer,
    async getPayment(id) {
      const doc = (await payments.findOneAsync({ _id: id })) as PaymentDoc | null;
      return doc ? toPayment(doc) : null;
    },
    async findPayments(query) {
      const filter: Record<string, unknown> = { customerId: { $in: [...query.customerIds] } };
      if (!query.includeRestricted) filter.restricted = false;
      Object.assign(filter, after(query.after));
      const docs = (await payments.findAsync(filter).sort({ createdAt: 1, _id: 1 }).limit(query.limit + 1)) as unknown as PaymentDoc[];
      return { data: docs.slice(0, query.limit).map(toPayment), hasMore: docs.length > query.limit };
    },
    async findCustomers(ids) {
      const docs = (await customers.findAsync({ _id: { $in: [...ids] } })) as unknown as CustomerDoc[];
      return docs.map(toCustomer);
    },
    async findCustomersPage(query) {
      const filter: Record<string, unknown> = { _id: { $in: [...query.ids] }, ...after(query.after) };
      if (!query.includeRestricted) filter.restricted = false;
      const docs = (await customers.findAsync(filter).sort({ createdAt: 1, _id: 1 }).limit(query.limit + 1)) as unknown as CustomerDoc[];
      return { data: docs.slice(0, query.limit).map(toCustomer), hasMore: docs.length > query.limit };
    },
    async updateCustomer(id, changes) {
      if (Object.keys(changes).length === 0) return getCustomer(id);
      const { affectedDocuments } = await customers.updateAsync({ _id: id }, { $set: changes }, { returnUpdatedDocs: true });
      const customer = affectedDocuments ? toCustomer(affectedDocuments as unknown as CustomerDoc) : null;
      return changes.name !== undefined ? compacted(customer, customers) : customer;
    },
    async restrictPayments(ids, restricted) {
      const { numAffected } = await payments.updateAsync({ _id: { $in: [...ids] } }, { $set: { restricted } }, { multi: true });
      return numAffected;
    },
    async restrictCustomer(id, restricted) {
      if (!(await customers.findOneAsync({ _id: id }))) return null;
      const { numAffected } = await payments.updateAsync({ customerId: id }, { $set: { restricted } }, { multi: true });
      await customers.updateAsync({ _id: id }, { $set: { restricted } }, {});
      return { payments: numAffected };
    },
    async depersonalizeCustomer(id, keep) {
      if (!(await customers.findOneAsync({ _id: id }))) return null;
      const retained = await payments.updateAsync(kept(id, keep), { $set: { restricted: true } }, { multi: true });
      const unlinked = await payments.updateAsync(linked(id, keep), { $set: { customerId: null } }, { multi: true });
      await customers.updateAsync({ _id: id }, { $set: { name: null } }, {});
      return compacted({ depersonalized: unlinked.numAffected, retained: retained.numAffected }, payments, customers);
    },
    async deleteCustomer(id, keep, { cascade } = { cascade: true }) {
      if (!(await customers.findOneAsync({ _id: id }))) return null;
      if (!cascade) {
        await customers.removeAsync({ _id: id }, {});
        return compacted({ deleted: 0, retained: 0 }, customers);
      }
      const retained = await payments.updateAsync(kept(id, keep), { $set: { restricted: true } }, { multi: true });
      const deleted = await payments.removeAsync(linked(id, keep), { multi: true });
      await customers.removeAsync({ _id: id }, {});
      return compacted({ deleted, retained: retained.numAffected }, payments, customers);
    },
    async deleteCustomers(ids) {
      const deleted = await customers.removeAsync({ _id: { $in: [...ids] } }, { multi: true });
      return deleted > 0 ? compacted(deleted, customers) : deleted;
    },
    async deletePayment(id) {
      const deleted = (await payments.removeAsync({ _id: id }, {})) > 0;
      return deleted ? compacted(deleted, payments) : deleted;
    },
    async deletePayments(ids) {
      const deleted = await payments.removeAsync({ _id: { $in: [...ids] } }, { multi: true });
      return deleted > 0 ? compacted(deleted, payments) : deleted;
    },
    async addNote(id, note, at) {
      const { affectedDocuments } = await payments.updateAsync({ _id: id }, { $push: { notes: { at: at.toISOString(), note } } }, { returnUpdatedDocs: true });
      return affectedDocuments ? toPayment(affectedDocuments as unknown as PaymentDoc) : null;
    },
    async close() {
      if (options.dataDir === null) return;
      await customers.compactDatafileAsync();
      await payments.compactDatafileAsync();
    },
  };
}
