import type { BenchResult, BenchSettings } from './BenchResult';
import { SUBJECTS, seedExtraOrders } from './benchSubjects';
import { measureEnforcement } from './measureEnforcement';
import { startBenchGateway } from './startBenchGateway';

/** `--only enforcement`: the on/off figures alone, on a gateway of their own (for profiling the read path). */
export async function runEnforcementOnly(settings: BenchSettings, log: (line: string) => void): Promise<Pick<BenchResult, 'enforcement'>> {
  const bench = await startBenchGateway({ seedSubjects: settings.seedSubjects });
  try {
    await seedExtraOrders(bench.gw.gateway.sources.orders, SUBJECTS.longList, settings.longList - 1);
    return { enforcement: await measureEnforcement(bench.gw, settings, log) };
  } finally {
    await bench.gw.close();
  }
}
