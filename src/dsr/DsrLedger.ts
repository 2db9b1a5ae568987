import type { DocumentCollection, DocumentStore, Filter } from '../store/DocumentStore';
import type { DsrRequestDoc, DsrStatus, DsrTaskDoc, DsrType } from './DsrRequestDoc';
import { OPEN_STATUSES } from './DsrRequestDoc';

export interface ListFilter {
  identityHashes?: readonly string[];
  type?: DsrType;
  status?: DsrStatus;
  overdueAt?: string;
  first: number;
  after?: { createdAt: string; id: string } | null;
}

interface TaskBatch {
  readonly set: Record<string, DsrTaskDoc>;
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

interface TaskWrites {
  next: TaskBatch | null;
  flushing: Promise<void> | null;
}

function deferredBatch(): TaskBatch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { set: {}, done, resolve, reject };
}

/** The request ledger: every data-subject request and its per-source tasks, in the document store. */
export class DsrLedger {
  readonly requests: DocumentCollection<DsrRequestDoc>;
  /** Task writes in flight and waiting, per request and lease owner (see updateTask). */
  private readonly taskWrites = new Map<string, TaskWrites>();

  constructor(store: DocumentStore) {
    this.requests = store.collection<DsrRequestDoc>('dsr_requests');
  }

  async init(): Promise<void> {
    await this.requests.createIndex({ idempotencyKey: 1 }, { unique: true });
    await this.requests.createIndex({ status: 1, leaseUntil: 1 });
    await this.requests.createIndex({ identityHashes: 1 });
    await this.requests.createIndex({ createdAt: -1 });
    // Single-field lookups the embedded store can use (it reads no compound-index prefix): the
    // worker's claim by status, and an erasure's search for the subject's earlier exports.
    await this.requests.createIndex({ status: 1 });
    await this.requests.createIndex({ subjectId: 1 });
  }

  get(id: string): Promise<DsrRequestDoc | null> {
    return this.requests.findOne({ _id: id });
  }

  byIdempotencyKey(key: string): Promise<DsrRequestDoc | null> {
    return this.requests.findOne({ idempotencyKey: key });
  }

  insert(doc: DsrRequestDoc): Promise<void> {
    return this.requests.insertOne(doc);
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  async list(filter: ListFilter): Promise<{ requests: DsrRequestDoc[]; hasNextPage: boolean }> {
    const and: Filter[] = [];
    if (filter.identityHashes) and.push({ identityHashes: { $in: [...filter.identityHashes] } });
    if (filter.type) and.push({ type: filter.type });
    if (filter.status) and.push({ status: filter.status });
    if (filter.overdueAt) and.push({ dueAt: { $lt: filter.overdueAt } }, { status: { $in: [...OPEN_STATUSES] } });
    if (filter.after) and.push({ $or: [{ createdAt: { $lt: filter.after.createdAt } }, { createdAt: filter.after.createdAt, _id: { $lt: filter.after.id } }] });
    const found = await this.requests.find(and.length ? { $and: and } : {}, { sort: { createdAt: -1, _id: -1 }, limit: filter.first + 1 });
    return { requests: found.slice(0, filter.first), hasNextPage: found.length > filter.first };
  }

  /**
   * Claims one open request whose lease is free or expired, for `owner`, until `leaseUntil`.
   * Atomic in the store, so two gateway instances never work on the same request at once.
   */
  claim(options: { owner: string; now: string; leaseUntil: string }): Promise<DsrRequestDoc | null> {
    return this.requests.findOneAndUpdate(
      { status: { $in: [...OPEN_STATUSES] }, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: options.now } }] },
      { $set: { leaseOwner: options.owner, leaseUntil: options.leaseUntil, status: 'IN_PROGRESS' } },
      { sort: { createdAt: 1 } },
    );
  }

  /** Extends the lease while working; false when another instance took the request over. */
  async renew(id: string, owner: string, leaseUntil: string): Promise<boolean> {
    const r = await this.requests.updateOne({ _id: id, leaseOwner: owner }, { $set: { leaseUntil } });
    return r.matched === 1;
  }

  /**
   * Resolves once the task's state is stored (under `owner`'s lease). Group commit per request:
   * task updates that arrive while one of the request's writes is in flight are written together
   * next, so its tasks (run in parallel) do not queue one store write each behind every other
   * request's writes; a later state of a task replaces an earlier one not yet written.
   */
  updateTask(id: string, owner: string, index: number, task: DsrTaskDoc): Promise<void> {
    const key = `${id}\u0000${owner}`;
    let entry = this.taskWrites.get(key);
    if (!entry) {
      entry = { next: null, flushing: null };
      this.taskWrites.set(key, entry);
    }
    const batch = (entry.next ??= deferredBatch());
    batch.set[`tasks.${index}`] = task;
    if (!entry.flushing) entry.flushing = this.flushTasks(key, id, owner, entry);
    return batch.done;
  }

  private async flushTasks(key: string, id: string, owner: string, entry: TaskWrites): Promise<void> {
    await Promise.resolve(); // tasks started together (Promise.all) record their first attempt in one write
    while (entry.next) {
      const batch = entry.next;
      entry.next = null;
      await this.requests.updateOne({ _id: id, leaseOwner: owner }, { $set: batch.set }).then(() => batch.resolve(), batch.reject);
    }
    entry.flushing = null;
    this.taskWrites.delete(key);
  }

  /**
   * Updates a request only while `owner` holds its lease: a worker that lost its lease (it was
   * presumed dead and another took over) can no longer change what the ledger says.
   */
  async updateOwned(id: string, owner: string, set: Partial<DsrRequestDoc>): Promise<boolean> {
    const r = await this.requests.updateOne({ _id: id, leaseOwner: owner }, { $set: set });
    return r.matched === 1;
  }

  async update(id: string, set: Partial<DsrRequestDoc>): Promise<void> {
    await this.requests.updateOne({ _id: id }, { $set: set });
  }

  /** Requests with a callback still to deliver. */
  pendingCallbacks(now: string): Promise<DsrRequestDoc[]> {
    return this.requests.find({ 'callback.status': 'PENDING', 'callback.nextAt': { $lte: now }, status: { $in: ['COMPLETED', 'FAILED'] } }, { limit: 50 });
  }

  async countByState(now: string): Promise<{ byTypeStatus: Map<string, number>; overdue: number }> {
    const byTypeStatus = new Map<string, number>();
    for (const type of ['EXPORT', 'BLOCK', 'UNBLOCK', 'ERASE', 'RECTIFY'] as const) {
      for (const status of ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED'] as const) byTypeStatus.set(`${type}|${status}`, await this.requests.count({ type, status }));
    }
    const overdue = await this.requests.count({ dueAt: { $lt: now }, status: { $in: [...OPEN_STATUSES] } });
    return { byTypeStatus, overdue };
  }
}
