import type { DsrTaskDoc } from '../dsr/DsrRequestDoc';

/** One task state to store, under the lease of `owner`. */
export interface TaskWrite {
  readonly requestId: string;
  readonly owner: string;
  readonly index: number;
  readonly task: DsrTaskDoc;
}

interface Batch {
  /** By request, owner and task index: a later state of a task replaces an earlier one. */
  readonly writes: Map<string, TaskWrite>;
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { writes: new Map(), done, resolve, reject };
}

/**
 * Group commit of task writes across every request the worker holds: updates that arrive while
 * a write is in flight are written together next, in one statement (each still conditioned on
 * its own request's lease). The worker runs a request's tasks, and several requests, in
 * parallel; one statement per task update made the embedded database the bottleneck. Holds only
 * the writes waiting: nothing here grows with the number of requests.
 */
export class TaskWriteGroups {
  private next: Batch | null = null;
  private flushing = false;

  constructor(private readonly write: (writes: readonly TaskWrite[]) => Promise<void>) {}

  /** Resolves once the task's state (or a later one) is stored; rejects when that write failed. */
  add(write: TaskWrite): Promise<void> {
    const batch = (this.next ??= newBatch());
    batch.writes.set(`${write.requestId}\u0000${write.owner}\u0000${write.index}`, { ...write, task: { ...write.task } });
    if (!this.flushing) {
      this.flushing = true;
      void this.flush();
    }
    return batch.done;
  }

  private async flush(): Promise<void> {
    // Until the I/O callbacks of this turn of the event loop have run: tasks started together
    // (Promise.all), and sources answering at the same time, record their states in one write.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.next) {
      const batch = this.next;
      this.next = null;
      await this.write([...batch.writes.values()]).then(() => batch.resolve(), batch.reject);
    }
    this.flushing = false;
  }
}
