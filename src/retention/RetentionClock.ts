import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RetentionRunDoc } from '../state/RetentionRuns';
import type { RetentionDeps } from './runRetention';
import { runRetention } from './runRetention';

/**
 * The retention clock (CONTRACT.md §4.1): a run at start-up, then one every `intervalMs`. Each
 * run first claims its slot in the shared state, so of several instances one runs it.
 */
export class RetentionClock {
  readonly id = `retention_${randomUUID()}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private active = false;

  constructor(
    private readonly deps: RetentionDeps,
    private readonly options: { intervalMs: number; clock?: () => Date },
  ) {}

  start(): void {
    if (this.active) return;
    this.active = true;
    this.schedule(0);
  }

  /** Stops the clock; waits for a run in hand to be recorded. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One run now, if the slot is due (null when another instance ran it). */
  runOnce(now: Date = (this.options.clock ?? (() => new Date()))()): Promise<RetentionRunDoc | null> {
    return runRetention(this.deps, { holder: this.id, now, intervalMs: this.options.intervalMs, clock: this.options.clock });
  }

  // Bound to start-up's context, not to whichever request happened to be running.
  private readonly onTimer = AsyncResource.bind(() => {
    this.timer = null;
    const run = this.runOnce().catch((error: unknown) => this.deps.logger.error({ err: error }, 'retention run failed'));
    this.running = run;
    void run.finally(() => {
      this.running = null;
      this.schedule(this.options.intervalMs);
    });
  });

  private schedule(ms: number): void {
    if (!this.active) return;
    this.timer = setTimeout(this.onTimer, ms);
    this.timer.unref();
  }
}
