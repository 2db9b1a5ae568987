import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlQueryable, SqlResult } from './SqlClient';

type Run = (text: string, params?: readonly unknown[]) => Promise<SqlResult<unknown>>;

export interface TransactionScope {
  /** Throws TypeError when called from inside one of this client's open transactions. */
  assertOutside(operation: string): void;
  /** Calls `fn` with a handle that runs statements through `run` until `fn` settles, then refuses them. */
  run<T>(options: { run: Run; fn: (tx: SqlQueryable) => Promise<T> }): Promise<T>;
}

/**
 * Tracks which async work runs inside a client's transactions, one scope per client. On the
 * embedded adapter (one connection) a call on the client from inside its own transaction waits
 * for that transaction forever; on a pool it silently runs outside the transaction. Both are
 * bugs, so both adapters refuse the call the same way instead.
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
      const state = { open: true };
      const tx: SqlQueryable = {
        query: async <R>(text: string, params?: readonly unknown[]) => {
          if (!state.open) throw new TypeError('expected tx to be used inside its transaction() callback, got a call after the transaction ended');
          return (await run(text, params)) as SqlResult<R>;
        },
      };
      try {
        return await storage.run(state, () => fn(tx));
      } finally {
        state.open = false;
      }
    },
  };
}
