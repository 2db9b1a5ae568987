import { SqlError, type SqlClient, type SqlOperation, type SqlQueryable, type SqlResult } from './SqlClient';
import { abortable } from './abortable';
import { assertQueryArgs } from './assertQueryArgs';
import { createPgliteWorker, type WorkerReply, type WorkerRequest } from './createPgliteWorker';
import { createTransactionScope, type TransactionScope } from './createTransactionScope';
import { closedClientError } from './closedClientError';
import { toSqlError } from './toSqlError';

export interface PgliteSqlClientOptions {
  /** Directory the database persists in (created if missing); null keeps it in memory. */
  readonly dataDir: string | null;
}

/**
 * A SqlClient on embedded PostgreSQL (PGlite, WASM) for embedded mode and tests, hosted on a
 * worker thread (see pgliteWorkerScript for why). It starts booting at once — seconds: WASM and,
 * for a new directory, initdb — without blocking the caller; every call waits for the boot, and
 * a failed boot rejects every call. A directory belongs to one process at a time.
 *
 * PGlite is one connection: a transaction holds it exclusively and every other call waits, so
 * transactions run one after another and never interleave.
 */
export function createPgliteSqlClient(options: PgliteSqlClientOptions): SqlClient {
  const { dataDir } = options;
  if (dataDir !== null && (typeof dataDir !== 'string' || dataDir.trim() === '')) {
    throw new TypeError(`expected dataDir to be a directory path or null, got ${typeof dataDir === 'string' ? 'an empty string' : typeof dataDir}`);
  }
  const worker = createPgliteWorker({ dataDir });
  const scope = createTransactionScope();
  let nextTxId = 1;
  let closed: Promise<void> | null = null;

  const call = async (request: WorkerRequest, operation: SqlOperation): Promise<WorkerReply> => {
    if (closed !== null && request.op !== 'close') throw closedClientError(operation);
    try {
      await worker.ready;
    } catch (error) {
      throw toSqlError(error, 'open');
    }
    try {
      return await worker.call(request);
    } catch (error) {
      if (error instanceof TypeError) throw error;
      throw toSqlError(error, operation);
    }
  };
  const query = async <R = unknown>(text: string, params: readonly unknown[] | undefined, txId?: number): Promise<SqlResult<R>> => {
    assertQueryArgs(text, params);
    return toResult<R>(await call({ op: 'query', text, params, txId }, 'query'));
  };

  return {
    kind: 'pglite',
    async query<R>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
      scope.assertOutside('query');
      return query<R>(text, params);
    },
    async transaction(fn) {
      scope.assertOutside('transaction');
      return inTransaction({ call, query, hold: worker.hold, scope, txId: nextTxId++, fn });
    },
    async ping(signal) {
      scope.assertOutside('ping');
      const onAbort = (): SqlError => new SqlError('SQL ping failed: aborted', { operation: 'ping', transient: true });
      await abortable(call({ op: 'query', text: 'SELECT 1' }, 'ping'), { signal, onAbort });
    },
    close() {
      closed ??= (async () => {
        // Waits for a boot under way: stopping the thread inside initdb would leave a broken dataDir.
        const booted = await worker.ready.then(() => true, () => false);
        try {
          if (booted) await call({ op: 'close' }, 'close');
        } finally {
          await worker.terminate();
        }
      })();
      return closed;
    },
  };
}

type Call = (request: WorkerRequest, operation: SqlOperation) => Promise<WorkerReply>;
type Query = (text: string, params: readonly unknown[] | undefined, txId: number) => Promise<SqlResult<unknown>>;

/** BEGIN, `fn`, COMMIT on the thread's one connection, which the transaction holds throughout. */
async function inTransaction<T>(options: { call: Call; query: Query; hold: () => () => void; scope: TransactionScope; txId: number; fn: (tx: SqlQueryable) => Promise<T> }): Promise<T> {
  const { call, txId } = options;
  await call({ op: 'begin', txId }, 'begin');
  // The thread is referenced from BEGIN to COMMIT, also while `fn` awaits something else.
  const release = options.hold();
  let ended = false;
  try {
    const result = await options.scope.run({ run: (text, params) => options.query(text, params, txId), fn: options.fn });
    ended = true;
    // COMMIT of a transaction in which a statement failed rejects with SQLSTATE 25P02.
    await call({ op: 'end', txId, commit: true }, 'commit');
    return result;
  } catch (error) {
    if (!ended) await call({ op: 'end', txId, commit: false }, 'commit').catch(() => undefined);
    throw error;
  } finally {
    release();
  }
}

/** Rows arrive as arrays from the thread; they become objects built in this realm (see revive). */
function toResult<R>(reply: WorkerReply): SqlResult<R> {
  const fields = reply.fields ?? [];
  const rows = (reply.rows ?? []).map((values) => {
    const row: Record<string, unknown> = {};
    fields.forEach((name, i) => { row[name] = revive(values[i]); });
    return row as R;
  });
  return { rows, rowCount: reply.rowCount ?? 0 };
}

/**
 * Copies a value received from the thread into this realm's Date, Array and Object. Messages are
 * deserialised in the process's main realm, which is not the caller's under a sandboxing test
 * runner: there `instanceof Date` would fail on a value that is a Date.
 */
function revive(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Object.prototype.toString.call(value) === '[object Date]') return new Date((value as Date).getTime());
  if (Array.isArray(value)) return value.map(revive);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, revive(inner)]));
}
