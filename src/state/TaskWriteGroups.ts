import type { DsrTaskDoc } from '../dsr/DsrRequestDoc';

interface Batch {
  readonly tasks: Map<number, DsrTaskDoc>;
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

interface Group {
  next: Batch | null;
  flushing: boolean;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { tasks: new Map(), done, resolve, reject };
}

export type WriteTasks = (requestId: string, owner: string, tasks: ReadonlyMap<number, DsrTaskDoc>) => Promise<void>;

/**
 * Group commit of task writes, per request and lease owner: a request's tasks run in parallel,
 * and updates that arrive while one of its writes is in flight are written together next, in
 * one statement; a later state of a task replaces an earlier one not yet written. A group lives
 * only while its writes do: nothing here grows with the number of requests.
 */
export class TaskWriteGroups {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly write: WriteTasks) {}

  /** Resolves once the task's state (or a later one) is stored. */
  add(requestId: string, owner: string, index: number, task: DsrTaskDoc): Promise<void> {
    const key = `${requestId}\u0000${owner}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { next: null, flushing: false };
      this.groups.set(key, group);
    }
    const batch = (group.next ??= newBatch());
    batch.tasks.set(index, { ...task });
    if (!group.flushing) {
      group.flushing = true;
      void this.flush(key, requestId, owner, group);
    }
    return batch.done;
  }

  private async flush(key: string, requestId: string, owner: string, group: Group): Promise<void> {
    await Promise.resolve(); // tasks started together (Promise.all) record their first attempt in one write
    while (group.next) {
      const batch = group.next;
      group.next = null;
      await this.write(requestId, owner, batch.tasks).then(() => batch.resolve(), batch.reject);
    }
    this.groups.delete(key);
  }
}
