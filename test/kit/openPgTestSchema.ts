import { randomBytes } from 'node:crypto';
import { createPgSqlClient } from '../../src/sql/PgSqlClient';
import type { SqlClient } from '../../src/sql/SqlClient';

/**
 * A client on a real server confined to a schema of its own, created here and dropped by
 * `teardown`: parallel test files and parallel CI runs on one server never see each other's tables.
 */
export async function openPgTestSchema(options: { url: string; prefix: string }): Promise<{ client: SqlClient; schema: string; teardown: () => Promise<void> }> {
  const schema = `${options.prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const admin = createPgSqlClient({ connectionString: options.url, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const client = createPgSqlClient({ connectionString: options.url, searchPath: schema, max: 5 });
  return {
    client,
    schema,
    teardown: async () => {
      await client.close();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.close();
      }
    },
  };
}
