import type { SqlQueryable } from '../sql/SqlClient';
import { iso } from './iso';

/**
 * The owner of table `gateway_meta`: one-off facts about this deployment's state, such as when
 * the demo dataset was seeded. A marker is set once; setting it again keeps the first.
 */
export class MetaMarkers {
  constructor(private readonly sql: SqlQueryable) {}

  /** When the marker was set, or null. */
  async get(key: string): Promise<string | null> {
    const { rows } = await this.sql.query<{ updated_at: Date }>('SELECT updated_at FROM gateway_meta WHERE key = $1', [key]);
    return rows[0] ? iso(rows[0].updated_at) : null;
  }

  /** Sets the marker unless it is set; true when this call set it. */
  async setOnce(key: string, value: Record<string, unknown> = {}): Promise<boolean> {
    const r = await this.sql.query('INSERT INTO gateway_meta (key, value, updated_at) VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO NOTHING', [key, JSON.stringify(value)]);
    return r.rowCount === 1;
  }

  /** Whether no marker is set at all: a state no gateway has started on yet. */
  async none(): Promise<boolean> {
    const { rows } = await this.sql.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM gateway_meta) AS any');
    return rows[0]?.any !== true;
  }
}
