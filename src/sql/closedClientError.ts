import { SqlError, type SqlOperation } from './SqlClient';

/** The SqlError for a call on a closed client, on every adapter: permanent, the owner closed it on purpose. */
export const closedClientError = (operation: SqlOperation): SqlError =>
  new SqlError(`SQL ${operation} failed: the client is closed`, { operation, transient: false });
