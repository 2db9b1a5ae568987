import { randomBytes } from 'node:crypto';
import { createMysqlSqlClient } from '../../src/sql/MysqlSqlClient';
import type { SqlClient } from '../../src/sql/SqlClient';

/**
 * A client on a real MySQL or MariaDB server confined to a database of its own (MySQL's schema),
 * created here and dropped by `teardown`: parallel test files and parallel CI runs on one server
 * never see each other's tables. `options.url` names the server (its database is only where the
 * administrative client connects); the returned `url` names the new database, for more clients.
 */
export async function openMysqlTestDatabase(options: { url: string; prefix: string }): Promise<{ client: SqlClient; url: string; teardown: () => Promise<void> }> {
  const database = `${options.prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const admin = createMysqlSqlClient({ connectionString: options.url, max: 1 });
  await admin.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(options.url);
  url.pathname = `/${database}`;
  const client = createMysqlSqlClient({ connectionString: url.toString(), max: 5 });
  return {
    client,
    url: url.toString(),
    teardown: async () => {
      await client.close();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      } finally {
        await admin.close();
      }
    },
  };
}
