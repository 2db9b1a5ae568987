import { SqlError, type SqlOperation } from './SqlClient';
import { MYSQL_ERROR_CLASSES } from './mysqlErrorClasses';
import { TRANSIENT_SOCKET_CODES } from './transientSocketCodes';
import { wrapDriverError } from './wrapDriverError';

/** Which server answered: from 1900 on, the two number their errors differently. */
export type MysqlServer = 'mysql' | 'mariadb';

/**
 * MariaDB's own error numbers the gateway meets, by MariaDB's names. mysql2 names every number
 * after MySQL's list, which from 1900 on means other errors (4025, MariaDB's CHECK failure, is
 * an InnoDB option error to MySQL).
 */
const MARIADB_NAMES: Readonly<Record<number, string>> = {
  1927: 'ER_CONNECTION_KILLED',
  1969: 'ER_STATEMENT_TIMEOUT',
  4025: 'ER_CONSTRAINT_FAILED',
};
const MARIADB_OWN_NUMBERS_FROM = 1900;

/**
 * Wraps whatever mysql2 threw into a SqlError classified by MYSQL_ERROR_CLASSES: `code` is the
 * server's error name (ER_DUP_ENTRY), mysql2's protocol code (PROTOCOL_CONNECTION_LOST) or the
 * socket's (ECONNREFUSED); the message names it and the error number, never the driver's text
 * (which quotes values: "Duplicate entry 'alice@…'"). `server` is the flavour, once known.
 */
export function toMysqlSqlError(cause: unknown, context: { operation: SqlOperation; server?: MysqlServer }): SqlError {
  if (cause instanceof SqlError) return cause;
  const { operation } = context;
  const errno = errorNumber(cause);
  const code = errorCode(cause, { errno, server: context.server });
  const entry = code === undefined ? undefined : MYSQL_ERROR_CLASSES[code];
  // mysql2 marks an error that broke the connection `fatal`; without a code it is a lost one.
  const transient = code === undefined ? isFatal(cause) : entry?.transient === true || TRANSIENT_SOCKET_CODES.has(code);
  return wrapDriverError(cause, { operation, code, transient, what: describe({ code, errno, entry, transient }) });
}

function describe(options: { code: string | undefined; errno: number | undefined; entry: { name: string } | undefined; transient: boolean }): string {
  const { code, errno, entry, transient } = options;
  if (code === undefined) return transient ? 'connection lost' : 'driver error';
  const details = [errno === undefined ? undefined : `errno ${errno}`, entry?.name].filter((part) => part !== undefined);
  return details.length === 0 ? code : `${code} (${details.join(', ')})`;
}

function errorCode(cause: unknown, options: { errno: number | undefined; server: MysqlServer | undefined }): string | undefined {
  const { errno, server } = options;
  if (server === 'mariadb' && errno !== undefined && errno >= MARIADB_OWN_NUMBERS_FROM) return MARIADB_NAMES[errno] ?? `MARIADB_${errno}`;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && code.length > 0) return code;
  return errno === undefined ? undefined : `MYSQL_${errno}`;
}

/** The server's error number; socket errors carry a negative one (-111), which is not. */
function errorNumber(cause: unknown): number | undefined {
  const errno = typeof cause === 'object' && cause !== null ? (cause as { errno?: unknown }).errno : undefined;
  return typeof errno === 'number' && Number.isInteger(errno) && errno > 0 ? errno : undefined;
}

function isFatal(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && (cause as { fatal?: unknown }).fatal === true;
}
