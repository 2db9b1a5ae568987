import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { SourceUnavailableError } from '../errors';
import type { DsrLedger } from '../state/DsrLedger';
import { actOnSource } from './actOnSource';
import { certifyErasures } from './certifyErasures';
import type { DsrRequestDoc, DsrTaskDoc } from './DsrRequestDoc';
import type { WaveRequest } from './eraseWave';
import { eraseWave } from './eraseWave';
import { exportRequest } from './exportRequest';
import type { Refusal } from './finishRequest';
import { finishRequest } from './finishRequest';
import { recheckRectification } from './recheckRectification';
import type { ClosureState } from './resolveClosures';
import { resolveClosures } from './resolveClosures';
import type { DsrDeps } from './resolveForDsr';
import type { RetrySettings } from './RetrySettings';
import { taskAfterFailure } from './taskAfterFailure';
import type { Verification } from './verifyErasures';
import { verifyErasures } from './verifyErasures';

export interface WorkerOptions {
  clock: () => Date;
  /** How long a claim holds before another instance may take the request over. */
  leaseMs?: number;
  /** How often a wave in hand renews its leases; default a third of the lease (at least 250 ms). */
  renewMs?: number;
  /** Requests claimed at once: the erasures among them go to the sources together, as one wave. Default 100. */
  waveSize?: number;
  /** Waves worked on at once. Default 2: one waits on the sources while the other is recorded. */
  waves?: number;
  /** How transient failures are waited out; default the configuration's (DSR_RETRY_*). */
  retry?: RetrySettings;
  pollMs?: number;
}

interface Claimed {
  readonly request: DsrRequestDoc;
  readonly tasks: DsrTaskDoc[];
  closure: ClosureState;
  verification?: Verification;
  /** EXPORT: the file written in this round. */
  exported?: DsrRequestDoc['export'];
  /** RECTIFY: why it must not write now (recheckRectification): refused for good, or waiting for a source. */
  refusal?: Refusal;
}

const isOpen = (t: DsrTaskDoc): boolean => t.status === 'PENDING' || t.status === 'IN_PROGRESS';

/**
 * Carries requests out, a wave at a time: accept (DsrService) → plan (resolveClosures; the tasks
 * were planned at acceptance) → act per source (eraseWave, actOnSource, exportRequest) → verify
 * (verifyErasures) → certify (finishRequest). It claims requests with a lease (several gateway
 * instances over one PostgreSQL server never work on the same request at once, SKIP LOCKED), and
 * each step reads and writes the ledger itself; none calls back into the worker. A transient
 * failure leaves its task pending with a persisted `notBefore`, until the request's due date
 * draws near; a restarted worker resumes every open request from what the ledger says.
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
  private readonly waveSize: number;
  private readonly waves: number;
  private readonly retry: RetrySettings;

  constructor(
    private readonly deps: DsrDeps,
    private readonly ledger: DsrLedger,
    private readonly options: WorkerOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.waveSize = options.waveSize ?? 100;
    this.waves = options.waves ?? 2;
    this.retry = options.retry ?? deps.config.dsrRetry;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops claiming; waits for the waves in hand to reach a recorded state. */
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
    // A wave slot is refilled as soon as its wave finishes (see begin). Only a worker with
    // nothing to do waits for the next poll.
    if (!this.stopped && worked === 0 && this.running.size === 0) this.schedule(this.options.pollMs ?? 250);
  }

  /** Claims a wave for each free slot and starts it. Returns how many requests it claimed. */
  private async fill(): Promise<number> {
    let worked = 0;
    while (this.running.size < this.waves) {
      const now = this.options.clock();
      const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
      const claimed = await this.ledger.claim({ owner: this.id, now: now.toISOString(), leaseUntil, limit: this.waveSize });
      if (claimed.length === 0) break;
      worked += claimed.length;
      this.begin(claimed);
      if (claimed.length < this.waveSize) break; // nothing more is due now
    }
    return worked;
  }

  private begin(wave: DsrRequestDoc[]): void {
    const heartbeat = this.keepLeased(wave.map((r) => r._id));
    const job = this.work(wave).catch((error: unknown) => this.deps.logger.error({ err: error, requests: wave.length }, 'dsr wave failed unexpectedly'));
    this.running.add(job);
    void job.finally(() => {
      clearInterval(heartbeat);
      this.running.delete(job);
      this.wake();
    });
  }

  /**
   * Renews the wave's leases while it is worked on: a wave may outlast one lease (a slow source,
   * a backoff inside a retry), and a request whose lease ran out would be claimed and worked a
   * second time by another instance. A request the worker no longer holds (finished, released,
   * or taken over after a stall longer than the lease) is simply not renewed.
   */
  private keepLeased(ids: readonly string[]): NodeJS.Timeout {
    const every = this.options.renewMs ?? Math.max(250, Math.floor(this.leaseMs / 3));
    // One renewal at a time: a state database slower than a beat gets no queue of them.
    let renewing = false;
    const timer = setInterval(AsyncResource.bind(() => {
      if (renewing) return;
      renewing = true;
      const leaseUntil = new Date(this.options.clock().getTime() + this.leaseMs).toISOString();
      this.ledger.renewMany(ids, this.id, leaseUntil).then(
        (held) => {
          if (held.length < ids.length) this.deps.logger.debug({ requests: ids.length, held: held.length }, 'dsr wave renewed the leases it still holds and could take');
        },
        (error: unknown) => this.deps.logger.warn({ err: error, requests: ids.length }, 'dsr wave could not renew its leases'),
      ).finally(() => (renewing = false));
    }), every);
    timer.unref();
    return timer;
  }

  /** Claims and works on waves until none is claimable or every slot is used; waits for them. Returns how many requests it worked on. */
  async runOnce(): Promise<number> {
    const worked = await this.fill();
    await Promise.allSettled([...this.running]);
    return worked;
  }

  private async work(wave: readonly DsrRequestDoc[]): Promise<void> {
    const closures = await resolveClosures(this.deps, wave);
    const claimed: Claimed[] = wave.map((request) => ({ request, tasks: request.tasks.map((t) => ({ ...t })), closure: closures.get(request._id) as ClosureState }));
    for (const c of claimed) {
      const { identities, complete, changed } = c.closure;
      if (changed) await this.ledger.recordClosure(c.request._id, this.id, { identities, identityHashes: identities.map((i) => this.deps.pseudonymizer.identityHash(i)), identitiesComplete: complete });
    }
    await this.recheckRectifications(claimed.filter((c) => c.closure.complete && c.request.type === 'RECTIFY'));
    const ready = claimed.filter((c) => c.closure.complete && !c.refusal);
    const erasures = ready.filter((c) => c.request.type === 'ERASE');
    await Promise.all([
      this.eraseAll(erasures),
      ...ready.filter((c) => c.request.type === 'EXPORT').map((c) => this.exportOne(c)),
      ...ready.filter((c) => c.request.type !== 'ERASE' && c.request.type !== 'EXPORT').map((c) => this.actOnEach(c)),
    ]);
    const verifying = erasures.filter((c) => !c.tasks.some((t) => isOpen(t) || t.status === 'FAILED'));
    const verified = verifying.length > 0 ? await verifyErasures(this.deps, verifying.map((c) => ({ request: { ...c.request, tasks: c.tasks }, identities: c.closure.identities }))) : [];
    verifying.forEach((c, i) => (c.verification = verified[i] ?? null));
    const certified = verifying.filter((c) => c.verification === null);
    await certifyErasures({ deps: this.deps, ledger: this.ledger, owner: this.id, now: this.options.clock(), requests: certified.map((c) => ({ ...c.request, identities: c.closure.identities, tasks: c.tasks })) });
    await Promise.all(claimed.filter((c) => !certified.includes(c)).map((c) => finishRequest({
      deps: this.deps, ledger: this.ledger, owner: this.id, now: this.options.clock(), retry: this.retry,
      request: { ...c.request, identities: c.closure.identities, tasks: c.tasks, export: c.exported ?? c.request.export },
      closure: c.closure, verification: c.verification, refusal: c.refusal,
    })));
  }

  /** Right before a rectification writes: a new email or phone given to someone else meanwhile refuses it (CONFLICT), its tasks with it. */
  private async recheckRectifications(rectifications: readonly Claimed[]): Promise<void> {
    await Promise.all(rectifications.filter((c) => c.tasks.some(isOpen)).map(async (c) => {
      try {
        const conflict = await recheckRectification({ deps: this.deps, request: c.request, tasks: c.tasks, identities: c.closure.identities, now: this.options.clock() });
        if (conflict === null) return;
        c.refusal = { wait: false, reason: conflict };
        const now = this.options.clock().toISOString();
        await Promise.all(c.tasks.map(async (task, index) => {
          if (!isOpen(task)) return;
          c.tasks[index] = { ...task, status: 'FAILED', lastError: 'CONFLICT', notBefore: null, updatedAt: now };
          await this.ledger.updateTask(c.request._id, this.id, index, c.tasks[index] as DsrTaskDoc);
        }));
      } catch (error) {
        if (!(error instanceof SourceUnavailableError)) throw error;
        c.refusal = { wait: true, reason: `waiting for "${error.sourceName}" to answer: a new email or phone is checked against every source before it is written` };
      }
    }));
  }

  private async eraseAll(erasures: readonly Claimed[]): Promise<void> {
    if (erasures.length === 0) return;
    const wave: WaveRequest[] = erasures.map((c) => ({ request: c.request, tasks: c.tasks, identities: c.closure.identities }));
    await eraseWave({ deps: this.deps, ledger: this.ledger, owner: this.id, wave, clock: this.options.clock, retry: this.retry });
  }

  private async exportOne(c: Claimed): Promise<void> {
    c.exported = await exportRequest({ deps: this.deps, ledger: this.ledger, owner: this.id, request: c.request, tasks: c.tasks, identities: c.closure.identities, clock: this.options.clock, retry: this.retry });
  }

  /** Block, unblock, rectify: each due task at its source, in parallel. */
  private async actOnEach(c: Claimed): Promise<void> {
    const now = this.options.clock().toISOString();
    await Promise.all(c.tasks.map(async (task, index) => {
      if (!isOpen(task) || (task.notBefore && task.notBefore > now)) return;
      const connector = this.deps.connectors.find((s) => s.name === task.source)?.inner;
      if (!connector) throw new TypeError(`expected a connector named "${task.source}", got none`);
      const attempt: DsrTaskDoc = { ...task, attempts: task.attempts + 1, status: 'IN_PROGRESS', updatedAt: now };
      c.tasks[index] = attempt;
      await this.ledger.updateTask(c.request._id, this.id, index, attempt);
      try {
        const records = await actOnSource({ connector, task: attempt, request: c.request, identities: c.closure.identities });
        c.tasks[index] = { ...attempt, status: 'DONE', records, lastError: null, notBefore: null, completedAt: this.options.clock().toISOString() };
      } catch (error) {
        c.tasks[index] = taskAfterFailure(attempt, error, { now: this.options.clock(), dueAt: c.request.dueAt, retry: this.retry });
        this.deps.logger.warn({ requestId: c.request._id, source: task.source, attempts: attempt.attempts }, 'dsr task attempt failed');
      }
      await this.ledger.updateTask(c.request._id, this.id, index, c.tasks[index] as DsrTaskDoc);
    }));
  }
}
