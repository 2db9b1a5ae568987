import { SqlError } from './SqlClient';

/**
 * The port's SqlError for a transaction in which a statement failed (SQLSTATE 25P02, as
 * PostgreSQL names it), whatever the adapter: on `commit` nothing was committed, on `query` the
 * statement was not sent.
 */
export const failedTransactionError = (operation: 'query' | 'commit'): SqlError =>
  new SqlError(operation === 'commit'
    ? 'SQL commit failed: SQLSTATE 25P02 (in_failed_sql_transaction): a statement failed, the transaction was rolled back'
    : 'SQL query failed: SQLSTATE 25P02 (in_failed_sql_transaction): an earlier statement of this transaction failed, the statement was not sent', {
    operation, code: '25P02', transient: false,
  });
