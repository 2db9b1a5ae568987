import { OFFICER } from '../test/kit/startTestGateway';
import type { BenchResult, BenchSettings } from './BenchResult';
import { FULL_SUBJECT_QUERY } from './benchQueries';
import { startBenchGateway } from './startBenchGateway';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * Every source answers `fanoutDelayMs` late (a gateway of its own, every connector's reads
 * delayed by the same amount). A query needs `rounds` rounds of identity resolution; if the
 * sources of a round are called together, it takes about rounds × the delay, whatever the number
 * of sources. Observed = median end-to-end latency over the samples, after one warm-up query.
 */
export async function measureFanout(settings: BenchSettings, log: (line: string) => void): Promise<BenchResult['fanout']> {
  const { gw, counters } = await startBenchGateway({ seedSubjects: 20, delayMs: settings.fanoutDelayMs });
  try {
    const ask = async () => {
      const started = performance.now();
      const r = await gw.query(FULL_SUBJECT_QUERY, { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
      const ms = performance.now() - started;
      if (r.body.errors || !r.body.data?.subject) throw new Error(`fanout: expected Alice without errors, got ${JSON.stringify(r.body).slice(0, 300)}`);
      return ms;
    };
    await ask();
    const samples: number[] = [];
    let rounds = 0;
    for (let i = 0; i < settings.fanoutSamples; i++) {
      counters.reset();
      samples.push(await ask());
      // Each round calls each source at most once: the busiest source's calls are the rounds.
      rounds = Math.max(rounds, ...counters.finds.values());
    }
    const observedMs = Math.round(median(samples) * 10) / 10;
    const ratio = Math.round((observedMs / (rounds * settings.fanoutDelayMs)) * 100) / 100;
    log(`fanout: ${rounds} rounds × ${settings.fanoutDelayMs} ms injected, observed ${observedMs} ms, ratio ${ratio}`);
    return { rounds, injectedMs: settings.fanoutDelayMs, observedMs, ratio };
  } finally {
    await gw.close();
  }
}
