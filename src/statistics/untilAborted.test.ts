import { untilAborted } from './untilAborted';

/** The scan's stop, on a source the test pages by hand. */
describe('untilAborted', () => {
  const pagedSource = (pages: number, hangAt: number | null) => {
    const seen = { started: 0, closed: false };
    let release: () => void = () => undefined;
    async function* records(): AsyncGenerator<number> {
      try {
        for (let page = 0; page < pages; page++) {
          seen.started++;
          if (page === hangAt) await new Promise<void>((resolve) => (release = resolve));
          yield page;
        }
      } finally {
        seen.closed = true;
      }
    }
    return { records: records(), seen, release: () => release() };
  };

  it('passes every record through while the signal holds', async () => {
    const { records, seen } = pagedSource(3, null);
    const out: number[] = [];
    for await (const r of untilAborted(records, new AbortController().signal)) out.push(r);
    expect(out).toEqual([0, 1, 2]);
    expect(seen.closed).toBe(true);
  });

  it('gives up a pull waiting on its page when the signal fires, and the source starts no page after it', async () => {
    const { records, seen, release } = pagedSource(5, 1);
    const controller = new AbortController();
    const out: number[] = [];
    const scan = (async () => {
      for await (const r of untilAborted(records, controller.signal)) out.push(r);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.started).toBe(2);
    controller.abort(new Error('gone'));
    await expect(scan).rejects.toThrow('gone');
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect({ out, started: seen.started, closed: seen.closed }).toEqual({ out: [0], started: 2, closed: true });
  });

  it('pulls nothing from a source whose signal is already aborted', async () => {
    const { records, seen } = pagedSource(3, 0);
    const controller = new AbortController();
    controller.abort(new Error('late'));
    await expect((async () => {
      for await (const _ of untilAborted(records, controller.signal)) void _;
    })()).rejects.toThrow('late');
    expect(seen.started).toBe(0);
  });
});
