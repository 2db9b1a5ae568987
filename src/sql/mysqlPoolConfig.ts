import type { PoolOptions, TypeCast } from 'mysql2/promise';
import type { MysqlSqlClientOptions } from './MysqlSqlClient';
import { positiveInteger } from './positiveInteger';

/**
 * mysql2 pool options that make MySQL's values read as the port says (see SqlClient): BIGINT
 * and DECIMAL as exact strings, DATE as "YYYY-MM-DD", DATETIME/TIMESTAMP as Date in UTC,
 * BOOLEAN (TINYINT(1)) as boolean, JSON parsed (also MariaDB's, through its extended metadata).
 * Validates the options first: TypeError saying what was expected, never echoing the URL.
 */
export function mysqlPoolConfig(options: MysqlSqlClientOptions): PoolOptions {
  const max = positiveInteger('max', options.max, 10);
  return {
    ...connectionOf(options.connectionString),
    connectionLimit: max,
    maxIdle: max,
    connectTimeout: positiveInteger('connectTimeoutMs', options.connectTimeoutMs, 5_000),
    waitForConnections: true,
    // Security-relevant: one statement per call; no LOAD DATA LOCAL (a server could ask for files).
    multipleStatements: false,
    flags: ['-LOCAL_FILES'],
    charset: 'UTF8MB4_UNICODE_CI',
    timezone: 'Z',
    dateStrings: ['DATE'],
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    typeCast: booleanColumns,
    // Statements stay prepared per connection; bounded well below the server's global limit
    // (max_prepared_stmt_count, 16 382 by default) for a full pool.
    maxPreparedStatements: 256,
    enableKeepAlive: true,
    connectAttributes: { program_name: 'privacy-gateway' },
  };
}

/**
 * MySQL has no boolean type: BOOLEAN declares TINYINT(1), which alone reads as boolean (0 false,
 * anything else true, as MySQL's own TRUE/FALSE test). Other TINYINTs and expressions stay numbers.
 */
const booleanColumns: TypeCast = (field, next) => {
  if (field.type !== 'TINY' || field.length !== 1) return next();
  const value = next();
  return value === null ? null : Number(value) !== 0;
};

function connectionOf(connectionString: string): Pick<PoolOptions, 'host' | 'port' | 'user' | 'password' | 'database'> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(typeof connectionString === 'string' ? connectionString : '')?.[1]?.toLowerCase();
  if (scheme !== 'mysql' && scheme !== 'mariadb') {
    // Only the scheme is echoed: the rest of the URL may hold a password.
    throw new TypeError(`expected connectionString to be a mysql:// or mariadb:// URL, got ${scheme === undefined ? 'no scheme' : `"${scheme}:"`}`);
  }
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new TypeError(`expected connectionString to be a well-formed ${scheme}:// URL, got one that does not parse`);
  }
  // mysql2 would apply query parameters as options, over ours (multipleStatements=true…): refused.
  const parameter = [...url.searchParams.keys()][0];
  if (parameter !== undefined) throw new TypeError(`expected a ${scheme}:// URL without query parameters, got "?${parameter}="`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (url.hostname === '' || database.includes('/')) {
    throw new TypeError(`expected connectionString to look like ${scheme}://user:password@host:port/database, got another shape`);
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    database: database || undefined,
  };
}
