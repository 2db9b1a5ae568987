import type { SqlErrorClasses } from './SqlErrorClasses';

/**
 * MySQL and MariaDB error names (as mysql2 reports them in `code`) and mysql2's own protocol
 * codes. Transient: the connection was lost or refused, the server is busy, shutting down or
 * out of connections, a lock could not be had, a statement ran out of time. Permanent: the
 * credentials, the database, the statement or the data is wrong. Socket codes (ECONNREFUSED…)
 * are in TRANSIENT_SOCKET_CODES; a code listed nowhere is permanent.
 */
export const MYSQL_ERROR_CLASSES: SqlErrorClasses = {
  PROTOCOL_CONNECTION_LOST: { name: 'connection lost', transient: true },
  PROTOCOL_SEQUENCE_TIMEOUT: { name: 'protocol timeout', transient: true },
  ER_CON_COUNT_ERROR: { name: 'too many connections', transient: true },
  ER_TOO_MANY_USER_CONNECTIONS: { name: 'too many connections for the user', transient: true },
  ER_SERVER_SHUTDOWN: { name: 'server shutting down', transient: true },
  ER_NET_READ_ERROR: { name: 'network read error', transient: true },
  ER_NET_READ_INTERRUPTED: { name: 'network read timeout', transient: true },
  ER_NET_ERROR_ON_WRITE: { name: 'network write error', transient: true },
  ER_NET_WRITE_INTERRUPTED: { name: 'network write timeout', transient: true },
  ER_LOCK_WAIT_TIMEOUT: { name: 'lock wait timeout', transient: true },
  ER_LOCK_DEADLOCK: { name: 'deadlock', transient: true },
  ER_QUERY_INTERRUPTED: { name: 'statement interrupted', transient: true },
  ER_QUERY_TIMEOUT: { name: 'statement timeout', transient: true },
  ER_CLIENT_INTERACTION_TIMEOUT: { name: 'idle connection closed by the server', transient: true },
  // MariaDB's own numbers (1900 and up), named by toMysqlSqlError: mysql2 knows MySQL's names only.
  ER_CONNECTION_KILLED: { name: 'connection killed', transient: true },
  ER_STATEMENT_TIMEOUT: { name: 'statement timeout', transient: true },

  ER_ACCESS_DENIED_ERROR: { name: 'access denied', transient: false },
  ER_ACCESS_DENIED_NO_PASSWORD_ERROR: { name: 'access denied', transient: false },
  ER_DBACCESS_DENIED_ERROR: { name: 'access to the database denied', transient: false },
  ER_TABLEACCESS_DENIED_ERROR: { name: 'access to the table denied', transient: false },
  ER_BAD_DB_ERROR: { name: 'unknown database', transient: false },
  ER_NO_SUCH_TABLE: { name: 'unknown table', transient: false },
  ER_BAD_FIELD_ERROR: { name: 'unknown column', transient: false },
  ER_PARSE_ERROR: { name: 'syntax error', transient: false },
  ER_DUP_ENTRY: { name: 'duplicate key', transient: false },
  ER_NO_REFERENCED_ROW_2: { name: 'foreign key violation', transient: false },
  ER_ROW_IS_REFERENCED_2: { name: 'foreign key violation', transient: false },
  ER_BAD_NULL_ERROR: { name: 'not null violation', transient: false },
  ER_NO_DEFAULT_FOR_FIELD: { name: 'no value for a NOT NULL column', transient: false },
  ER_DATA_TOO_LONG: { name: 'data too long', transient: false },
  ER_TRUNCATED_WRONG_VALUE_FOR_FIELD: { name: 'incorrect value', transient: false },
  ER_TRUNCATED_WRONG_VALUE: { name: 'incorrect value', transient: false },
  ER_WARN_DATA_OUT_OF_RANGE: { name: 'value out of range', transient: false },
  ER_CONSTRAINT_FAILED: { name: 'check constraint violation', transient: false },  // MariaDB's 4025
  ER_CHECK_CONSTRAINT_VIOLATED: { name: 'check constraint violation', transient: false },
  ER_UNSUPPORTED_PS: { name: 'statement not supported with parameters', transient: false },
  ER_MAX_PREPARED_STMT_COUNT_REACHED: { name: 'too many prepared statements', transient: false },
};
