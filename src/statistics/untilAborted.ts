/**
 * `records` for as long as `signal` is not aborted: checked before every record is pulled, and a
 * pull still waiting on its page is given up when the signal fires, so a hung source cannot hold
 * the scan past its deadline. On abort the source's iterator is returned (not awaited: a page in
 * flight may never end), so it fetches no page after the one it was fetching.
 */
export async function* untilAborted<T>(records: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = records[Symbol.asyncIterator]();
  let stop: (reason: unknown) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  stopped.catch(() => undefined);
  const onAbort = () => stop(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let done = false;
  try {
    for (;;) {
      signal.throwIfAborted();
      const next = await Promise.race([iterator.next(), stopped]);
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!done) iterator.return?.().catch(() => undefined);
  }
}
