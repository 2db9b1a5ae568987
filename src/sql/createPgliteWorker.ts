import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGLITE_WORKER_SCRIPT } from './pgliteWorkerScript';

/** What the worker reports about a failure: no statement, no parameters (see the script). */
export interface WorkerFailure {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

export type WorkerRequest =
  | { readonly op: 'query'; readonly text: string; readonly params?: readonly unknown[]; readonly txId?: number }
  | { readonly op: 'begin'; readonly txId: number }
  | { readonly op: 'end'; readonly txId: number; readonly commit: boolean }
  | { readonly op: 'close' };

export interface WorkerReply {
  readonly fields?: string[];
  readonly types?: number[];
  readonly rows?: unknown[][];
  readonly rowCount?: number;
}

export interface PgliteWorker {
  /** Resolves once PGlite has booted; rejects with the boot failure (a driver-like error). */
  readonly ready: Promise<void>;
  /** Sends one request; rejects with an Error carrying the worker's `code` when the request failed. */
  call(request: WorkerRequest): Promise<WorkerReply>;
  /** Keeps the process alive while a transaction spans several calls. Returns the release. */
  hold(): () => void;
  /** Stops the thread (after a 'close' request has closed the database). */
  terminate(): Promise<void>;
}

/**
 * Starts the worker thread that hosts PGlite and correlates requests with replies. The thread is
 * referenced only while calls are in flight, so an idle client never keeps the process from
 * exiting. If the thread dies, every pending and later call rejects.
 */
export function createPgliteWorker(options: { dataDir: string | null }): PgliteWorker {
  const pglitePath = require.resolve('@electric-sql/pglite');
  const worker = new Worker(PGLITE_WORKER_SCRIPT, {
    eval: true,
    workerData: {
      pglitePath,
      // node-postgres' parameter encoding, for the worker's one-round-trip statements.
      pgUtilsPath: require.resolve('pg/lib/utils'),
      dataDir: options.dataDir === null ? null : resolve(options.dataDir),
      templatePath: options.dataDir === null ? templatePathFor(pglitePath) : null,
    },
  });
  const pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let dead: Error | null = null;
  const hold = referenceWhileHeld(worker);
  // Held while booting: a caller awaiting the first query must not see the process exit under it.
  const releaseBoot = hold();
  let booted: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const ready = new Promise<void>((resolveReady, rejectReady) => { booted = { resolve: resolveReady, reject: rejectReady }; });
  ready.then(releaseBoot, releaseBoot);
  worker.on('message', (message: WorkerReply & { type?: 'ready' | 'failed'; id?: number; ok?: boolean; error?: WorkerFailure }) => {
    if (message.type === 'ready') return booted?.resolve();
    if (message.type === 'failed') return booted?.reject(failureError(message.error));
    const waiter = pending.get(message.id ?? 0);
    pending.delete(message.id ?? 0);
    if (message.ok === true) waiter?.resolve(message);
    else waiter?.reject(failureError(message.error));
  });
  const die = (error: Error): void => {
    dead ??= error;
    booted?.reject(dead);
    for (const waiter of pending.values()) waiter.reject(dead);
    pending.clear();
  };
  worker.on('error', (error) => die(Object.assign(error, { code: 'WORKER_CRASHED' })));
  worker.on('exit', () => die(Object.assign(new Error('the embedded database thread exited'), { code: 'WORKER_EXITED' })));

  return {
    ready,
    call(request) {
      if (dead !== null) return Promise.reject(dead);
      const id = nextId++;
      const done = hold();
      return new Promise<WorkerReply>((resolveCall, rejectCall) => {
        pending.set(id, { resolve: resolveCall, reject: rejectCall });
        try {
          worker.postMessage({ ...request, id });
        } catch (error) {
          // A parameter the thread cannot receive (a class instance with methods, a stream…).
          pending.delete(id);
          rejectCall(new TypeError(`expected parameters to be plain values, got one that cannot be sent to the database thread (${(error as Error).name})`));
        }
      }).finally(done);
    },
    hold,
    async terminate() {
      await worker.terminate();
    },
  };
}

/** Counts holds on the thread: referenced while any is held, unreferenced when the last is released. */
function referenceWhileHeld(worker: Worker): () => () => void {
  let holds = 0;
  return () => {
    if (holds++ === 0) worker.ref();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--holds === 0) worker.unref();
    };
  };
}

/**
 * Where in-memory databases keep their pristine template (see the worker script): per PGlite
 * version, so an upgrade never loads an old cluster; per user, so nobody loads another's file.
 * Null (no template) when the version cannot be read.
 */
function templatePathFor(pglitePath: string): string | null {
  try {
    const { version } = JSON.parse(readFileSync(join(dirname(pglitePath), '..', 'package.json'), 'utf8')) as { version?: unknown };
    if (typeof version !== 'string' || !/^[\w.+-]+$/.test(version)) return null;
    return join(tmpdir(), `privacy-gateway-pglite-${version}-${process.getuid?.() ?? 'user'}.tar`);
  } catch {
    return null;
  }
}

function failureError(failure: WorkerFailure | undefined): Error {
  const { name, message, code } = failure ?? { name: 'Error', message: 'expected a failure description from the database thread, got none' };
  return Object.assign(new Error(message), { name, code });
}
