/**
 * Settles with `work`, or rejects with `onAbort()` as soon as `signal` aborts (the work itself
 * runs on; it is bounded by the driver's own timeouts). Lets health checks answer in time.
 */
export function abortable<T>(work: Promise<T>, options: { signal: AbortSignal | undefined; onAbort: () => Error }): Promise<T> {
  const { signal, onAbort } = options;
  if (signal === undefined) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(onAbort());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (value) => { signal.removeEventListener('abort', abort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', abort); reject(error); },
    );
  });
}
