import type { SqlErrorClasses } from './SqlErrorClasses';

/**
 * The SQLSTATEs callers meet most on PostgreSQL (the pool and the embedded adapter). Class 08
 * (connection exception) is transient as a whole, listed or not; see toSqlError.
 */
export const PG_ERROR_CLASSES: SqlErrorClasses = {
  '08000': { name: 'connection_exception', transient: true },
  '08001': { name: 'sqlclient_unable_to_establish_sqlconnection', transient: true },
  '08003': { name: 'connection_does_not_exist', transient: true },
  '08004': { name: 'sqlserver_rejected_establishment_of_sqlconnection', transient: true },
  '08006': { name: 'connection_failure', transient: true },
  '22P02': { name: 'invalid_text_representation', transient: false },
  '23502': { name: 'not_null_violation', transient: false },
  '23503': { name: 'foreign_key_violation', transient: false },
  '23505': { name: 'unique_violation', transient: false },
  '23514': { name: 'check_violation', transient: false },
  '25P02': { name: 'in_failed_sql_transaction', transient: false },
  '40001': { name: 'serialization_failure', transient: true },
  '40P01': { name: 'deadlock_detected', transient: true },
  '42601': { name: 'syntax_error', transient: false },
  '42703': { name: 'undefined_column', transient: false },
  '42P01': { name: 'undefined_table', transient: false },
  '53300': { name: 'too_many_connections', transient: true },
  '57014': { name: 'query_canceled', transient: true },
  '57P01': { name: 'admin_shutdown', transient: true },
  '57P02': { name: 'crash_shutdown', transient: true },
  '57P03': { name: 'cannot_connect_now', transient: true },
};
