import type { SqlClient, SqlQueryable } from '../../src/sql/SqlClient';
import { SqlError } from '../../src/sql/SqlClient';

export interface FlakySql {
  /** Pass to `overrides.wrapSql`. */
  readonly wrap: (sql: SqlClient) => SqlClient;
  /**
   * The next `transactions` transactions lose their connection at their statement number
   * `atStatement` (1-based): what ran before is rolled back, the call rejects with a transient
   * SqlError (SQLSTATE 08006, connection failure), as a helpdesk database restarting would.
   */
  dropConnection(options: { transactions: number; atStatement: number }): void;
  /** Transactions that were cut off so far. */
  readonly dropped: () => number;
}

/**
 * A helpdesk connection that drops mid-transaction on demand. Only transactions are affected:
 * the support connector writes (erases) in one transaction and reads with plain queries, so
 * reads and the erasure's dry-run plan go through while the erasure itself is cut off.
 */
export function flakySql(): FlakySql {
  let remaining = 0;
  let atStatement = 1;
  let dropped = 0;
  const lost = () => new SqlError('query failed (08006)', { operation: 'query', code: '08006', transient: true, cause: new Error('terminating connection (injected by the test)') });
  const wrap = (sql: SqlClient): SqlClient => ({
    kind: sql.kind,
    query: (text, params) => sql.query(text, params),
    ping: (signal) => sql.ping(signal),
    close: () => sql.close(),
    transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) => {
      const cut = remaining > 0 ? atStatement : 0;
      if (cut > 0) remaining--;
      return sql.transaction(async (tx) => {
        let statements = 0;
        const flaky: SqlQueryable = {
          query: (text, params) => {
            if (++statements === cut) {
              dropped++;
              return Promise.reject(lost());
            }
            return tx.query(text, params);
          },
        };
        return fn(flaky);
      });
    },
  });
  return {
    wrap,
    dropConnection: (options) => {
      remaining = options.transactions;
      atStatement = options.atStatement;
    },
    dropped: () => dropped,
  };
}
