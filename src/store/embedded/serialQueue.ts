/**
 * Runs tasks one after another. The embedded store's compound writes (read the matches, compute
 * the new documents, write them back) go through one queue per collection, so within the process
 * they are atomic with respect to each other — what a MongoDB server gives per document.
 */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
}
