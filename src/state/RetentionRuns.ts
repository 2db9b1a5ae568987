import type { SqlQueryable } from '../sql/SqlClient';
import { iso } from './iso';

/** What one source did in a run, as an erasure certificate says it (CONTRACT.md §4.1). */
export interface RetentionSourceDoc {
  readonly source: string;
  readonly deleted: number;
  readonly depersonalized: number;
  readonly retained: number;
  readonly retainedUntil: string | null;
  readonly retainedUnder: string | null;
  readonly completedAt: string | null;
}

export interface RetentionRunDoc {
  readonly id: string;
  readonly holder: string;
  readonly startedAt: string;
  readonly completedAt: string | null;
  readonly sources: readonly RetentionSourceDoc[];
  /** Sources that failed in this run: retried at the next one. */
  readonly failedSources: readonly string[];
  readonly sha256: string | null;
}

interface RunRow { id: string; holder: string; started_at: Date; completed_at: Date | null; sources: RetentionSourceDoc[]; failed_sources: string[]; sha256: string | null }

const toDoc = (r: RunRow): RetentionRunDoc => ({
  id: r.id,
  holder: r.holder,
  startedAt: iso(r.started_at) as string,
  completedAt: iso(r.completed_at),
  sources: r.sources,
  failedSources: r.failed_sources,
  sha256: r.sha256,
});

/**
 * The owner of tables `retention_runs` and `retention_schedule`: the retention clock's runs
 * (each a destruction act), and the slot that decides which instance runs next. Gateways sharing
 * one state server run each slot once: claiming moves the slot forward in one statement, and a
 * second instance asking for the same slot finds it moved.
 */
export class RetentionRuns {
  constructor(private readonly sql: SqlQueryable) {}

  /** Claims the slot due at `now` for `holder`, moving it to `next`; false when it is not due (another instance ran it). */
  async claimSlot(options: { holder: string; now: string; next: string }): Promise<boolean> {
    const r = await this.sql.query(
      `INSERT INTO retention_schedule (name, next_run_at, holder) VALUES ('retention', $3::timestamptz, $1)
       ON CONFLICT (name) DO UPDATE SET next_run_at = excluded.next_run_at, holder = excluded.holder
       WHERE retention_schedule.next_run_at <= $2::timestamptz
       RETURNING name`,
      [options.holder, options.now, options.next],
    );
    return r.rowCount === 1;
  }

  async begin(run: { id: string; holder: string; startedAt: string }): Promise<void> {
    await this.sql.query('INSERT INTO retention_runs (id, holder, started_at) VALUES ($1, $2, $3::timestamptz)', [run.id, run.holder, run.startedAt]);
  }

  async complete(run: { id: string; completedAt: string; sources: readonly RetentionSourceDoc[]; failedSources: readonly string[]; sha256: string }): Promise<void> {
    await this.sql.query(
      'UPDATE retention_runs SET completed_at = $2::timestamptz, sources = $3::jsonb, failed_sources = $4::text[], sha256 = $5 WHERE id = $1',
      [run.id, run.completedAt, JSON.stringify(run.sources), [...run.failedSources], run.sha256],
    );
  }

  /** Newest first, paged by (started_at, id). */
  async list(options: { first: number; after: { startedAt: string; id: string } | null }): Promise<{ runs: RetentionRunDoc[]; hasNextPage: boolean }> {
    const params: unknown[] = [options.first + 1];
    const where = options.after ? `WHERE (started_at, id) < ($2::timestamptz, $3::text)` : '';
    if (options.after) params.push(options.after.startedAt, options.after.id);
    const { rows } = await this.sql.query<RunRow>(`SELECT * FROM retention_runs ${where} ORDER BY started_at DESC, id DESC LIMIT $1`, params);
    return { runs: rows.slice(0, options.first).map(toDoc), hasNextPage: rows.length > options.first };
  }
}
