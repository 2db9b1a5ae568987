import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { TransientSourceError } from '../errors';
import type { Identity } from '../sources/Identity';
import { identityKey } from '../sources/Identity';
import type { DsrLedger } from '../state/DsrLedger';
import type { DsrRequestDoc, DsrTaskDoc } from './DsrRequestDoc';
import { finishRequest } from './finishRequest';
import type { DsrDeps } from './resolveForDsr';
import { resolveForDsr } from './resolveForDsr';
import { runTaskAction } from './runTaskAction';
import { writeExport } from './writeExport';

export interface WorkerOptions {
  clock: () => Date;
  /** How long a claim holds before another instance may take the request over. */
  leaseMs?: number;
  /** Attempts per task before it fails the request. */
  maxAttempts?: number;
  /**
   * Requests worked on at once. Default 16: a request mostly waits (on the sources, and on the
   * state's database on its own thread); with 8 both threads stayed partly idle.
   */
  concurrency?: number;
  pollMs?: number;
}

const MAX_BACKOFF_MS = 60_000;

/** A short, fixed description of a failure for the ledger: never a driver's or HTTP body's text. */
function describeFailure(error: unknown): string {
  if (error instanceof TransientSourceError) return 'transient source failure';
  if (error instanceof Error && error.name === 'VerificationError') return error.message;
  if (error instanceof Error && 'code' in error && typeof (error as { code: unknown }).code === 'string') return `source error (${(error as { code: string }).code})`;
  return 'source action failed';
}

/**
 * Carries requests out. It claims requests with a lease (several gateway instances over one
 * PostgreSQL server never work on the same request at once), runs each open task with a short in-claim
 * retry (cockatiel, exponential backoff), records every attempt, and persists a `notBefore` for
 * longer backoff so a restart resumes from what the ledger says instead of starting over.
 */
export class DsrWorker {
  readonly id = `worker_${randomUUID()}`;
  private timer: NodeJS.Timeout | null = null;
  private running = new Set<Promise<void>>();
  private stopped = true;
  /** A tick is claiming; a wake meanwhile asks it for one more round (two ticks never claim at once). */
  private filling = false;
  private refill = false;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly concurrency: number;

  constructor(
    private readonly deps: DsrDeps,
    private readonly ledger: DsrLedger,
    private readonly options: WorkerOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.concurrency = options.concurrency ?? 16;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops claiming; waits for the requests in hand to reach a recorded state. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.running]);
  }

  /** Wakes the loop now (a request was just accepted). */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  /**
   * Bound to the context the worker was made in (start-up), not to the request that woke it:
   * a request's async-local state (its id, for error masking) must not follow the worker around.
   */
  private readonly onTimer = AsyncResource.bind(() => {
    this.timer = null;
    this.tick().catch((error: unknown) => this.deps.logger.error({ err: error }, 'dsr worker tick failed'));
  });

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.onTimer, ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.filling) {
      this.refill = true;
      return;
    }
    this.filling = true;
    let worked = 0;
    try {
      do {
        this.refill = false;
        worked += await this.fill();
      } while (this.refill && !this.stopped);
    } catch (error) {
      // The state's database did not answer (a server restarting): try again at the next poll.
      this.deps.logger.error({ err: error }, 'dsr worker could not claim requests');
    } finally {
      this.filling = false;
    }
    // A slot is refilled as soon as its request finishes (see begin), not wave after wave:
    // waiting for the slowest request of each wave left the other slots idle. Only a worker
    // with nothing to do waits for the next poll.
    if (!this.stopped && worked === 0 && this.running.size === 0) this.schedule(this.options.pollMs ?? 250);
  }

  /** Claims requests for the free slots, a round of them per statement, and starts them. Returns how many. */
  private async fill(): Promise<number> {
    let worked = 0;
    while (this.running.size < this.concurrency) {
      const now = this.options.clock();
      const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
      const limit = this.concurrency - this.running.size;
      const claimed = await this.ledger.claim({ owner: this.id, now: now.toISOString(), leaseUntil, limit });
      worked += claimed.length;
      claimed.forEach((request) => this.begin(request));
      if (claimed.length < limit) break; // nothing more is due now
    }
    return worked;
  }

  private begin(request: DsrRequestDoc): void {
    const job = this.work(request).catch((error: unknown) => this.deps.logger.error({ err: error, requestId: request._id }, 'dsr request failed unexpectedly'));
    this.running.add(job);
    void job.finally(() => {
      this.running.delete(job);
      this.wake();
    });
  }

  /** Claims and works on requests until none is claimable or the concurrency is used; waits for them. Returns how many it worked on. */
  async runOnce(): Promise<number> {
    const worked = await this.fill();
    await Promise.allSettled([...this.running]);
    return worked;
  }

  private async work(request: DsrRequestDoc): Promise<void> {
    const identities = await this.currentIdentities(request);
    const tasks = request.tasks.map((t) => ({ ...t }));
    const now = this.options.clock();
    if (request.type === 'EXPORT') {
      await this.runExport(request, tasks, identities);
    } else {
      await Promise.all(tasks.map((task, index) => (task.status === 'PENDING' || task.status === 'IN_PROGRESS') && (!task.notBefore || task.notBefore <= now.toISOString()) ? this.runTask(request, tasks, index, identities) : Promise.resolve()));
    }
    await finishRequest({ deps: this.deps, ledger: this.ledger, request: { ...request, tasks }, identities, owner: this.id, now: this.options.clock() });
  }

  /**
   * The identities recorded at acceptance; when a source was down then, plus whatever a fresh
   * resolution finds now. A complete resolution is not repeated: it reads every record of the
   * subject, which for a large subject is most of the request's cost.
   */
  private async currentIdentities(request: DsrRequestDoc): Promise<Identity[]> {
    const recorded = request.identities ?? [];
    if (request.identitiesComplete || recorded.length === 0 || request.type === 'UNBLOCK') return recorded;
    const known = new Map(recorded.map((i) => [identityKey(i), i]));
    const [fresh] = await resolveForDsr(this.deps, recorded.slice(0, 1)).catch(() => [null]);
    for (const i of fresh?.identities ?? []) known.set(identityKey(i), i);
    const identities = [...known.values()];
    const complete = fresh ? [...fresh.records.values()].every((r) => !(r instanceof Error)) : false;
    if (identities.length !== recorded.length || complete) {
      await this.ledger.update(request._id, { identities, identityHashes: identities.map((i) => this.deps.pseudonymizer.identityHash(i)), identitiesComplete: complete });
    }
    return identities;
  }

  private async runTask(request: DsrRequestDoc, tasks: DsrTaskDoc[], index: number, identities: Identity[]): Promise<void> {
    const task = tasks[index] as DsrTaskDoc;
    const connector = this.deps.connectors.find((c) => c.name === task.source)?.inner;
    if (!connector) throw new TypeError(`expected a connector named "${task.source}", got none`);
    const save = () => this.ledger.updateTask(request._id, this.id, index, { ...task, updatedAt: this.options.clock().toISOString() });
    // A source that said when to come back (429/503 Retry-After) is not retried in-claim after
    // 50 ms: the failure goes to the persisted backoff below, which waits at least that long.
    const retriesNow = (e: Error) => e instanceof TransientSourceError && !((e.retryAfterMs ?? 0) > 0);
    const policy = retry(handleWhen(retriesNow), { maxAttempts: 2, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 }) });
    try {
      const outcome = await policy.execute(async () => {
        task.attempts++;
        task.status = 'IN_PROGRESS';
        await save();
        return runTaskAction({ connector, task, request, identities, policy: this.deps.policy, now: this.options.clock(), recordPlan: async (plan) => ((task.plan = plan), save()) });
      });
      Object.assign(task, { status: 'DONE', records: outcome.records, lastError: null, notBefore: null, completedAt: this.options.clock().toISOString() });
      if (outcome.plan) task.plan = outcome.plan;
    } catch (error) {
      const transient = error instanceof TransientSourceError;
      task.lastError = describeFailure(error);
      if (transient && task.attempts < this.maxAttempts) {
        const wait = Math.max(error.retryAfterMs ?? 0, Math.min(MAX_BACKOFF_MS, 200 * 2 ** task.attempts));
        Object.assign(task, { status: 'PENDING', notBefore: new Date(this.options.clock().getTime() + wait).toISOString() });
      } else task.status = 'FAILED';
      this.deps.logger.warn({ requestId: request._id, source: task.source, attempts: task.attempts, transient }, 'dsr task attempt failed');
    }
    await save();
  }

  private async runExport(request: DsrRequestDoc, tasks: DsrTaskDoc[], identities: Identity[]): Promise<void> {
    for (const t of tasks) if (t.action === 'export') Object.assign(t, { attempts: t.attempts + 1, status: 'IN_PROGRESS' });
    try {
      const result = await writeExport({
        deps: this.deps,
        request: { ...request, tasks },
        identities,
        onSource: async (source, records) => {
          const index = tasks.findIndex((t) => t.source === source);
          Object.assign(tasks[index] as DsrTaskDoc, { status: 'DONE', records, completedAt: this.options.clock().toISOString() });
          await this.ledger.updateTask(request._id, this.id, index, tasks[index] as DsrTaskDoc);
        },
      });
      request.export = result;
      await this.ledger.updateOwned(request._id, this.id, { export: result });
    } catch (error) {
      for (const t of tasks) if (t.status === 'IN_PROGRESS') Object.assign(t, { status: t.attempts < this.maxAttempts ? 'PENDING' : 'FAILED', lastError: describeFailure(error), notBefore: new Date(this.options.clock().getTime() + 1000).toISOString() });
      tasks.forEach((t, i) => void this.ledger.updateTask(request._id, this.id, i, t));
    }
  }
}
