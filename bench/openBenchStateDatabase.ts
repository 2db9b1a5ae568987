import { randomBytes } from 'node:crypto';
import { createPgSqlClient } from '../src/sql/PgSqlClient';

/** A database of the benchmark's own on a PostgreSQL server, for one run's gateway state. */
export interface BenchStateDatabase {
  /** GATEWAY_STATE_URL of the run. */
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database on the server of `serverUrl` (GATEWAY_STATE_URL as given to
 * `npm run bench`): a run over a state an earlier run left would find its idempotency keys
 * taken and its erasures already done. Dropped again by `drop`.
 */
export async function openBenchStateDatabase(serverUrl: string): Promise<BenchStateDatabase> {
  const name = `bench_state_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = createPgSqlClient({ connectionString: serverUrl, max: 1 });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.close();
    throw error;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.close();
      }
    },
  };
}
