import type { SqlQueryable } from '../sql/SqlClient';

export interface HeldRecord {
  readonly source: string;
  readonly recordId: string;
  /** When the hold ends (ISO 8601). */
  readonly until: string;
  readonly hold: string;
}

/**
 * The owner of table `legal_holds`: records an erasure kept under a legal hold, so that the
 * scheduler destroys them when the hold ends. One row per source record; recording it again
 * (a retried erasure) updates it.
 */
export class LegalHolds {
  constructor(private readonly sql: SqlQueryable) {}

  async record(requestId: string, records: readonly HeldRecord[]): Promise<void> {
    if (records.length === 0) return;
    // Times are passed as ISO instants: a bare date would otherwise be read in the server's time zone.
    const rows = records.map((r) => ({ ...r, until: new Date(r.until).toISOString() }));
    await this.sql.query(
      `INSERT INTO legal_holds (source, record_id, until, hold, request_id, purged_at)
       SELECT x.source, x."recordId", x.until, x.hold, $1, NULL FROM jsonb_to_recordset($2::jsonb) AS x(source text, "recordId" text, until timestamptz, hold text)
       ON CONFLICT (source, record_id) DO UPDATE SET until = excluded.until, hold = excluded.hold, request_id = excluded.request_id, purged_at = NULL`,
      [requestId, JSON.stringify(rows)],
    );
  }

  /** Held records whose hold has ended by `now` and that are not destroyed yet, oldest hold first. */
  async due(now: string, limit: number): Promise<Array<{ source: string; recordId: string }>> {
    const { rows } = await this.sql.query<{ source: string; record_id: string }>(
      'SELECT source, record_id FROM legal_holds WHERE purged_at IS NULL AND until <= $1::timestamptz ORDER BY until, source, record_id LIMIT $2',
      [now, limit],
    );
    return rows.map((r) => ({ source: r.source, recordId: r.record_id }));
  }

  /** Which of `recordIds` of `source` are kept under a hold not ended yet (an export marks them as held). */
  async find(source: string, recordIds: readonly string[]): Promise<HeldRecord[]> {
    if (recordIds.length === 0) return [];
    const { rows } = await this.sql.query<{ record_id: string; until: string | Date; hold: string }>(
      'SELECT record_id, until, hold FROM legal_holds WHERE source = $1 AND record_id = ANY($2::text[]) AND purged_at IS NULL',
      [source, [...recordIds]],
    );
    return rows.map((r) => ({ source, recordId: r.record_id, until: new Date(r.until).toISOString(), hold: r.hold }));
  }

  async markPurged(source: string, recordIds: readonly string[], now: string): Promise<void> {
    await this.sql.query('UPDATE legal_holds SET purged_at = $3::timestamptz WHERE source = $1 AND record_id = ANY($2::text[])', [source, [...recordIds], now]);
  }
}
