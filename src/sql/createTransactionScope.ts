import { AsyncLocalStorage } from 'node:async_hooks';
import { SqlError, type SqlQueryable, type SqlResult } from './SqlClient';
import { failedTransactionError } from './failedTransactionError';

type Run = (text: string, params?: readonly unknown[]) => Promise<SqlResult<unknown>>;

export interface TransactionScope {
  /** Throws TypeError when called from inside one of this client's open transactions. */
  assertOutside(operation: string): void;
  /**
   * Calls `fn` with a handle that runs statements through `run` until `fn` settles, then refuses
   * them. Once a statement failed (a SqlError), the handle refuses further statements and, if
   * `fn` resolves anyway, `run` rejects with SqlError 25P02 so the adapter rolls back.
   */
  run<T>(options: { run: Run; fn: (tx: SqlQueryable) => Promise<T> }): Promise<T>;
}

/**
 * Tracks which async work runs inside a client's transactions, one scope per client. On the
 * embedded adapter (one connection) a call on the client from inside its own transaction waits
 * for that transaction forever; on a pool it silently runs outside the transaction. Both are
 * bugs, so every adapter refuses the call the same way instead.
 *
 * It also holds the port's rule for a failed statement, which PostgreSQL enforces itself
 * (SQLSTATE 25P02) but MySQL does not: there a failed statement leaves the transaction open, and
 * a deadlock ends it, so later statements would quietly commit on their own. One rule here, the
 * same on every adapter: after a failure nothing more runs and nothing is committed.
 */
export function createTransactionScope(): TransactionScope {
  const storage = new AsyncLocalStorage<{ open: boolean }>();
  return {
    assertOutside(operation) {
      if (storage.getStore()?.open === true) {
        throw new TypeError(`expected ${operation} inside transaction() to go through its tx, got a call on the client itself`);
      }
    },
    async run({ run, fn }) {
      const state = { open: true, failed: false };
      const tx: SqlQueryable = {
        query: async <R>(text: string, params?: readonly unknown[]) => {
          if (!state.open) throw new TypeError('expected tx to be used inside its transaction() callback, got a call after the transaction ended');
          if (state.failed) throw failedTransactionError('query');
          try {
            return (await run(text, params)) as SqlResult<R>;
          } catch (error) {
            if (error instanceof SqlError) state.failed = true;
            throw error;
          }
        },
      };
      try {
        const result = await storage.run(state, () => fn(tx));
        if (state.failed) throw failedTransactionError('commit');
        return result;
      } finally {
        state.open = false;
      }
    },
  };
}
