import type { GuardedConnector } from './guardConnector';

export interface SourceHealth {
  name: string;
  ok: boolean;
  latencyMs: number | null;
  /** A short, fixed reason: never a driver's text. */
  error: string | null;
  circuit: string;
}

/** Asks every source at once, each bounded by `timeoutMs`: /readyz and `Query.sources`. */
export function checkSources(connectors: readonly GuardedConnector[], options: { timeoutMs: number }): Promise<SourceHealth[]> {
  return Promise.all(
    connectors.map(async (c) => {
      const started = performance.now();
      try {
        await c.health(AbortSignal.timeout(options.timeoutMs));
        return { name: c.name, ok: true, latencyMs: performance.now() - started, error: null, circuit: c.circuitState() };
      } catch {
        return { name: c.name, ok: false, latencyMs: performance.now() - started, error: 'unavailable', circuit: c.circuitState() };
      }
    }),
  );
}
