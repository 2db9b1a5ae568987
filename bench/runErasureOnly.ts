import type { BenchResult, BenchSettings } from './BenchResult';
import { measureErasure } from './measureErasure';
import { startBenchGateway } from './startBenchGateway';

/** `--only erasure`: the erasure figures alone, on a gateway of their own (the other parts take minutes). */
export async function runErasureOnly(settings: BenchSettings, log: (line: string) => void): Promise<Pick<BenchResult, 'erasure'>> {
  const bench = await startBenchGateway({ seedSubjects: settings.seedSubjects });
  try {
    return { erasure: await measureErasure(bench.gw, settings, log) };
  } finally {
    await bench.gw.close();
  }
}
