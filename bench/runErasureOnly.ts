import type { BenchResult, BenchSettings } from './BenchResult';
import { measureErasure } from './measureErasure';
import type { BenchStateDatabase } from './openBenchStateDatabase';
import { openBenchStateDatabase } from './openBenchStateDatabase';
import { startBenchGateway } from './startBenchGateway';

/**
 * `--only erasure`: the erasure figures alone, on a gateway of their own (the other parts take
 * minutes). With GATEWAY_STATE_URL set, the gateway's state is on that PostgreSQL server (in a
 * database made for the run and dropped after it); `state` says which.
 */
export async function runErasureOnly(settings: BenchSettings, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<Pick<BenchResult, 'erasure'> & { state: string }> {
  const server: BenchStateDatabase | null = env.GATEWAY_STATE_URL ? await openBenchStateDatabase(env.GATEWAY_STATE_URL) : null;
  try {
    const bench = await startBenchGateway({ seedSubjects: settings.seedSubjects, ...(server ? { stateUrl: server.url } : {}) });
    try {
      return { erasure: await measureErasure(bench.gw, settings, log), state: server ? `postgresql ${new URL(server.url).host}` : 'embedded (PGlite)' };
    } finally {
      await bench.gw.close();
    }
  } finally {
    await server?.drop();
  }
}
