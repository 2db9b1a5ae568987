import { coalescedCompaction } from './coalescedCompaction';
import { serialQueue } from './serialQueue';

/** Writes in a serial queue, each recorded, and compactions that record what they saw. */
function setup() {
  const serially = serialQueue();
  const written: string[] = [];
  const compactions: string[][] = [];
  const destroy = coalescedCompaction({ serially, compact: async () => { compactions.push([...written]); } });
  /** A write as the store runs it: in the queue, then (out of it) waiting for a compaction. */
  const write = async (name: string): Promise<string[]> => {
    await serially(async () => { written.push(name); });
    await destroy();
    return compactions.find((seen) => seen.includes(name)) ?? [];
  };
  return { write, compactions };
}

it('runs one compaction after a write alone', async () => {
  const { write, compactions } = setup();
  expect(await write('a')).toEqual(['a']);
  expect(compactions).toEqual([['a']]);
});

it('has writes queued together share one compaction that comes after all of them', async () => {
  const { write, compactions } = setup();
  const seen = await Promise.all(['a', 'b', 'c', 'd'].map(write));
  expect(compactions).toHaveLength(1);
  for (const s of seen) expect(s).toEqual(['a', 'b', 'c', 'd']);
});

it('never lets a write join a compaction that began before it was written', async () => {
  const { write, compactions } = setup();
  const first = write('a');
  await new Promise((r) => setImmediate(r)); // the compaction for "a" has run
  const second = await write('b');
  await first;
  expect(second).toEqual(['a', 'b']);
  expect(compactions).toEqual([['a'], ['a', 'b']]);
});

it('rejects the writes of a failed compaction and runs the next one all the same', async () => {
  const serially = serialQueue();
  let fail = true;
  const destroy = coalescedCompaction({ serially, compact: async () => { if (fail) throw new Error('disk full'); } });
  await expect(Promise.all([destroy(), destroy()])).rejects.toThrow('disk full');
  fail = false;
  await expect(destroy()).resolves.toBeUndefined();
});
