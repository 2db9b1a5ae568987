import type { BenchResult, BenchSettings } from './BenchResult';
import { SUBJECTS, seedExtraOrders } from './benchSubjects';
import { measureEnforcement } from './measureEnforcement';
import { measureErasure } from './measureErasure';
import { measureExport } from './measureExport';
import { measureFanout } from './measureFanout';
import { measureScale } from './measureScale';
import { measureSourceCalls } from './measureSourceCalls';
import { startBenchGateway } from './startBenchGateway';

/**
 * The whole benchmark, in the order that keeps measurements apart: reads first on a fresh gateway
 * (enforcement, source calls), then the export, then erasures (which consume subjects); the
 * fan-out gateway (every source delayed) and the two scale gateways (1 000 and 100 000 subjects)
 * run alone after the main one has stopped.
 */
export async function runBenchmark(settings: BenchSettings, log: (line: string) => void): Promise<BenchResult> {
  const started = performance.now();
  const bench = await startBenchGateway({ seedSubjects: settings.seedSubjects });
  let result: Omit<BenchResult, 'fanout' | 'scale'>;
  try {
    log(`gateway up at ${bench.gw.url} with ${settings.seedSubjects} generated subjects (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    await seedExtraOrders(bench.gw.gateway.sources.orders, SUBJECTS.longList, settings.longList - 1);
    const enforcement = await measureEnforcement(bench.gw, settings, log);
    const sourceCalls = await measureSourceCalls(bench, settings, log);
    const exported = await measureExport(bench.gw, settings, log);
    const erasure = await measureErasure(bench.gw, settings, log);
    result = { enforcement, sourceCalls, erasure, export: exported };
  } finally {
    await bench.gw.close();
  }
  const fanout = await measureFanout(settings, log);
  const scale = await measureScale(settings, log);
  log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { enforcement: result.enforcement, sourceCalls: result.sourceCalls, fanout, erasure: result.erasure, scale, export: result.export };
}
