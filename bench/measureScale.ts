import { OFFICER } from '../test/kit/startTestGateway';
import type { TestGateway } from '../test/kit/startTestGateway';
import type { BenchResult, BenchSettings } from './BenchResult';
import { FULL_SUBJECT_QUERY, emailRef } from './benchQueries';
import { startBenchGateway } from './startBenchGateway';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round2 = (n: number) => Math.round(n * 100) / 100;

async function lookupMs(gw: TestGateway, n: number): Promise<number> {
  const started = performance.now();
  const r = await gw.query(FULL_SUBJECT_QUERY, { ...OFFICER, variables: { ref: emailRef(n) } });
  const ms = performance.now() - started;
  if (r.body.errors || !r.body.data?.subject) throw new Error(`scale: expected user${n} without errors, got ${JSON.stringify(r.body).slice(0, 300)}`);
  return ms;
}

/**
 * Whether a lookup's cost stays flat as the data grows (#15.4): two gateways side by side, one
 * seeded with 1 000 generated subjects and one with `scaleSubjects` (SEED_SUBJECTS, bulk inserts),
 * asked the same subjects (1…1 000, in both) one at a time, alternately, so both see the same
 * background load. Every source of every subject is read (FULL_SUBJECT_QUERY). The ratio is the
 * large gateway's median over the small one's: 1 means the lookup does not see the other rows.
 */
export async function measureScale(settings: BenchSettings, log: (line: string) => void): Promise<BenchResult['scale']> {
  const startedSmall = performance.now();
  const small = await startBenchGateway({ seedSubjects: 1000 });
  const startedLarge = performance.now();
  log(`scale: 1 000 subjects seeded and up in ${((startedLarge - startedSmall) / 1000).toFixed(1)} s`);
  const large = await startBenchGateway({ seedSubjects: settings.scaleSubjects }).catch(async (error: unknown) => {
    await small.gw.close();
    throw error;
  });
  const seedSeconds = round2((performance.now() - startedLarge) / 1000);
  log(`scale: ${settings.scaleSubjects} subjects seeded and up in ${seedSeconds} s`);
  try {
    const samples = { small: [] as number[], large: [] as number[] };
    for (let i = 0; i < settings.scaleSamples + 20; i++) {
      const n = 1 + ((i * 7919) % 1000);
      const [a, b] = i % 2 === 0 ? [small, large] : [large, small];
      const first = await lookupMs(a.gw, n);
      const second = await lookupMs(b.gw, n);
      if (i < 20) continue; // warm-up: JIT, connection pools
      (a === small ? samples.small : samples.large).push(first);
      (b === small ? samples.small : samples.large).push(second);
    }
    const p50Ms1k = round2(median(samples.small));
    const p50Ms = round2(median(samples.large));
    const ratio = round2(p50Ms / p50Ms1k);
    log(`scale: subject lookup p50 ${p50Ms1k} ms at 1 000 subjects, ${p50Ms} ms at ${settings.scaleSubjects}: ratio ${ratio}`);
    return { subjects: settings.scaleSubjects, p50Ms1k, p50Ms, ratio, seedSeconds };
  } finally {
    await Promise.allSettled([small.gw.close(), large.gw.close()]);
  }
}
