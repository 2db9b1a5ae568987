import { createHash } from 'node:crypto';
import type { SqlClient } from '../sql/SqlClient';
import type { Migration } from './migrations';
import { STATE_MIGRATIONS } from './migrations';

/** The state's schema is not one this code can run on: a migration changed, or a newer gateway wrote it. */
export class StateSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateSchemaError';
  }
}

export const migrationChecksum = (migration: Migration): string => createHash('sha256').update(migration.statements.join('\n;\n')).digest('hex');

/**
 * Brings the state's schema up to date: applies every migration not yet recorded in
 * `schema_migrations`, in version order, and records it. Idempotent (a restart applies nothing),
 * and safe when several gateways start at once over one server: everything runs in one
 * transaction under an advisory lock (per schema), so the second waits and then finds the
 * versions applied. A failed migration leaves the schema as it was.
 */
export async function migrateState(sql: SqlClient, migrations: readonly Migration[] = STATE_MIGRATIONS): Promise<{ applied: number[] }> {
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('privacy-gateway:state:' || current_schema()))");
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL
    )`);
    const recorded = await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations ORDER BY version');
    const known = new Map(migrations.map((m) => [m.version, m]));
    for (const row of recorded.rows) {
      const migration = known.get(row.version);
      if (!migration) throw new StateSchemaError(`expected state schema versions up to ${Math.max(0, ...known.keys())}, got version ${row.version}: a newer gateway migrated this state`);
      if (migrationChecksum(migration) !== row.checksum) throw new StateSchemaError(`expected migration ${row.version} to be the one applied, got a changed text: add a new version instead of editing an applied one`);
    }
    const done = new Set(recorded.rows.map((r) => r.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, now())', [migration.version, migration.name, migrationChecksum(migration)]);
      applied.push(migration.version);
    }
    return { applied };
  });
}
