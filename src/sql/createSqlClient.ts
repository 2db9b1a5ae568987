import type { SqlClient } from './SqlClient';
import { createMysqlSqlClient } from './MysqlSqlClient';
import { createPgSqlClient, type PgSqlClientOptions } from './PgSqlClient';
import { createPgliteSqlClient } from './PgliteSqlClient';

export interface CreateSqlClientOptions extends Omit<PgSqlClientOptions, 'connectionString'> {
  /**
   * Which database:
   * - `postgres://…` or `postgresql://…` — a PostgreSQL server (pool options apply);
   * - `mysql://…` or `mariadb://…` — a MySQL or MariaDB server (pool options apply, but
   *   `searchPath`: name the database in the URL);
   * - `pglite://memory` (or `memory://`) — embedded, in memory, gone on close;
   * - `pglite://<dir>` — embedded, persisted in `<dir>` (`pglite://.data/support`, `pglite:///var/lib/x`).
   */
  readonly url: string;
}

/** Picks the adapter by URL: the composition root passes `SUPPORT_DATABASE_URL` or an embedded default. */
export function createSqlClient(options: CreateSqlClientOptions): SqlClient {
  const { url, ...poolOptions } = options;
  if (typeof url !== 'string') throw new TypeError(`expected url to be a string, got ${typeof url}`);
  if (/^postgres(ql)?:\/\//i.test(url)) return createPgSqlClient({ ...poolOptions, connectionString: url });
  if (/^(mysql|mariadb):\/\//i.test(url)) {
    const { searchPath, ...mysqlOptions } = poolOptions;
    if (searchPath !== undefined) throw new TypeError('expected no searchPath with a mysql:// URL (a MySQL schema is a database: name it in the URL), got one');
    return createMysqlSqlClient({ ...mysqlOptions, connectionString: url });
  }
  if (url === 'memory://' || url === 'pglite://memory') return createPgliteSqlClient({ dataDir: null });
  if (url.startsWith('pglite://') && url.length > 'pglite://'.length) return createPgliteSqlClient({ dataDir: url.slice('pglite://'.length) });
  // Only the scheme is echoed: the rest of a database URL may hold a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new TypeError(`expected a postgres://, postgresql://, mysql://, mariadb://, pglite:// or memory:// URL, got ${scheme === undefined ? 'no scheme' : `"${scheme}:"`}`);
}
