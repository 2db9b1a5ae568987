import { DsrService } from './DsrService';
import { DsrWorker } from './DsrWorker';
import { deliverCallbacks, requestCallbacks } from './deliverCallbacks';
import { expireExports } from './expireExports';
import { purgeExpiredHolds } from './finishRequest';
import type { DsrDeps } from './resolveForDsr';
import type { DsrLedger } from '../state/DsrLedger';

/** Everything about data-subject requests: accepting them, the ledger, the worker and its schedules. */
export interface DsrRuntime {
  readonly requests: DsrService;
  readonly ledger: DsrLedger;
  readonly worker: DsrWorker;
  start(): void;
  stop(): Promise<void>;
  refreshMetrics(): Promise<void>;
  purgeExpiredHolds(now?: Date): Promise<number>;
  deliverCallbacks(now?: Date): Promise<number>;
  expireExports(now?: Date): Promise<number>;
}

export async function createDsrService(deps: DsrDeps, options: { clock?: () => Date; scheduleMs?: number } = {}): Promise<DsrRuntime> {
  const clock = options.clock ?? (() => new Date());
  const ledger = deps.state.ledger;
  // One deliverer for every signed callback: a request's status, then the notices outbox.
  const queues = [requestCallbacks(ledger), deps.state.outbox];
  let worker: DsrWorker | null = null;
  const requests = new DsrService(deps, ledger, { clock, wake: () => worker?.wake() });
  worker = new DsrWorker(deps, ledger, { clock, leaseMs: deps.config.dsrLeaseMs });
  const w = worker;
  let schedule: NodeJS.Timeout | null = null;
  const runSchedules = async () => {
    await purgeExpiredHolds(deps, clock()).catch((error: unknown) => deps.logger.error({ err: error }, 'legal-hold purge failed'));
    await deliverCallbacks({ deps, queues, now: clock() }).catch((error: unknown) => deps.logger.error({ err: error }, 'callback delivery failed'));
    await expireExports({ ledger, dataDir: deps.config.dataDir, now: clock(), retentionHours: deps.config.exportRetentionHours }).catch((error: unknown) => deps.logger.error({ err: error }, 'export expiry failed'));
  };
  return {
    requests,
    ledger,
    worker: w,
    start: () => {
      w.start();
      schedule ??= setInterval(() => void runSchedules(), options.scheduleMs ?? 2000);
      schedule.unref();
    },
    stop: async () => {
      if (schedule) clearInterval(schedule);
      schedule = null;
      await w.stop();
    },
    refreshMetrics: async () => {
      const { byTypeStatus, overdue } = await ledger.countByState(clock().toISOString());
      for (const [key, n] of byTypeStatus) {
        const [type, status] = key.split('|') as [string, string];
        deps.metrics.dsrRequests.set({ type, status }, n);
      }
      deps.metrics.dsrOverdue.set(overdue);
    },
    purgeExpiredHolds: (now) => purgeExpiredHolds(deps, now ?? clock()),
    deliverCallbacks: (now) => deliverCallbacks({ deps, queues, now: now ?? clock() }),
    expireExports: (now) => expireExports({ ledger, dataDir: deps.config.dataDir, now: now ?? clock(), retentionHours: deps.config.exportRetentionHours }),
  };
}
