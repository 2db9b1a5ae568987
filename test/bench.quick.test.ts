import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * Keeps the benchmark from rotting: `npm run bench -- --quick --json` runs every measurement at
 * smoke-test sizes, as its own process (as `npm run bench` does), and must print every figure as a
 * finite number. Timings are not asserted: the suite runs on machines of any speed and load.
 */
const ROOT = path.join(__dirname, '..');

function runQuickBench(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [require.resolve('tsx/cli'), 'bench/bench.ts', '--quick', '--json'], { cwd: ROOT, timeout: 240_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`bench --quick failed: ${error.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

const finite = expect.any(Number);
const enforcement = { onRps: finite, offRps: finite, ratio: finite, onP99Ms: finite, offP99Ms: finite };
const calls = { orders: finite, payments: finite, support: finite };

describe('npm run bench -- --quick --json', () => {
  let result: any;
  beforeAll(async () => {
    result = JSON.parse(await runQuickBench());
  }, 250_000);

  it('prints every figure of the benchmark', () => {
    expect(result).toEqual({
      enforcement: { single: enforcement, longList: enforcement, batch100: enforcement },
      sourceCalls: { '1': calls, '10': calls, '100': calls, '1000': calls },
      fanout: { rounds: finite, injectedMs: finite, observedMs: finite, ratio: finite },
      erasure: { subjects: finite, perSecond: finite, costRatio: finite },
      scale: { subjects: finite, p50Ms1k: finite, p50Ms: finite, ratio: finite, seedSeconds: finite },
      export: { peakMb100: finite, peakMb10k: finite },
    });
  });

  it('has only finite numbers (no NaN, no Infinity, no nulls from a division by zero)', () => {
    const leaves: unknown[] = [];
    const walk = (value: unknown): void => {
      if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
      else leaves.push(value);
    };
    walk(result);
    expect(leaves.length).toBe(15 + 12 + 4 + 3 + 5 + 2);
    for (const leaf of leaves) expect(Number.isFinite(leaf)).toBe(true);
  });
});
