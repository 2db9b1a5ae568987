import { CircuitState, ConsecutiveBreaker, TimeoutStrategy, circuitBreaker, handleWhen, timeout, wrap } from 'cockatiel';
import { classifyFailure } from './classifyFailure';
import { SourceUnavailableError } from '../errors';
import type { Connector, FindOptions, SourceRecord } from './Connector';
import type { Identity } from './Identity';

export interface SourceObserver {
  /** Called after every source call: the metrics and logs hang off this. */
  onCall(event: { source: string; operation: string; ms: number; ok: boolean; error?: unknown }): void;
}

export interface GuardedConnector extends Connector {
  /** The circuit's state for /readyz and `sources`: closed, open or half-open. */
  circuitState(): 'closed' | 'open' | 'half-open' | 'isolated';
  /** The connector as given, without the guard: the DSR worker retries on its own terms. */
  readonly inner: Connector;
}

/**
 * Puts a read timeout and a circuit breaker in front of a connector's reads. A slow or broken
 * source nulls its own fields fast (SOURCE_UNAVAILABLE) instead of holding every request; after
 * `breakAfter` consecutive failures the circuit opens, so a dead source is not called at all for
 * `halfOpenAfterMs`, then one trial call decides whether it closes again.
 */
export function guardConnector(connector: Connector, options: { timeoutMs: number; breakAfter?: number; halfOpenAfterMs?: number; observer?: SourceObserver }): GuardedConnector {
  // A value the source refused says nothing about its health: it never opens the circuit for everyone.
  const breaker = circuitBreaker(handleWhen((error) => classifyFailure(error) !== 'refused'), { halfOpenAfter: options.halfOpenAfterMs ?? 5000, breaker: new ConsecutiveBreaker(options.breakAfter ?? 5) });
  const policy = wrap(breaker, timeout(options.timeoutMs, TimeoutStrategy.Aggressive));
  const observe = async <T>(operation: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      // A signal per call: otherwise cockatiel hangs every call's abort listener on one shared
      // signal, and over 10 concurrent calls log a false "possible EventTarget memory leak".
      const result = await policy.execute(({ signal }) => fn(signal), new AbortController().signal);
      options.observer?.onCall({ source: connector.name, operation, ms: performance.now() - started, ok: true });
      return result;
    } catch (error) {
      options.observer?.onCall({ source: connector.name, operation, ms: performance.now() - started, ok: false, error });
      throw error instanceof SourceUnavailableError ? error : new SourceUnavailableError(connector.name, error);
    }
  };
  return {
    name: connector.name,
    system: connector.system,
    collections: connector.collections,
    categories: connector.categories,
    typeDefs: connector.typeDefs,
    queryableBy: connector.queryableBy,
    reveals: connector.reveals,
    profileFields: connector.profileFields,
    capabilities: connector.capabilities,
    inner: connector,
    exportRecords: (subject) => connector.exportRecords(subject),
    restrict: (subject, restricted) => connector.restrict(subject, restricted),
    planErase: (plan) => connector.planErase(plan),
    erase: (plan) => connector.erase(plan),
    planEraseMany: (plans) => connector.planEraseMany(plans),
    eraseMany: (plans) => connector.eraseMany(plans),
    rectify: (subject, changes) => connector.rectify(subject, changes),
    purgeRecords: (ids) => connector.purgeRecords(ids),
    close: () => connector.close(),
    findByIdentities: async (keys: readonly Identity[], findOptions?: FindOptions): Promise<Array<SourceRecord[] | Error>> => {
      const find = (some: readonly Identity[]) => observe('find', (signal) => connector.findByIdentities(some, { ...findOptions, signal }));
      try {
        return await find(keys);
      } catch (error) {
        if (keys.length < 2 || classifyFailure(error) !== 'refused') throw error;
        // One value the source refuses must not fail the other keys of the batch: each on its own, its error its own.
        return Promise.all(keys.map((key) => find([key]).then((found) => found[0] ?? [], (e: unknown) => (e instanceof Error ? e : new Error(String(e))))));
      }
    },
    health: (signal?: AbortSignal) => observe('health', (s) => connector.health(signal ?? s)),
    circuitState: () => {
      switch (breaker.state) {
        case CircuitState.Closed: return 'closed' as const;
        case CircuitState.Open: return 'open' as const;
        case CircuitState.HalfOpen: return 'half-open' as const;
        default: return 'isolated' as const;
      }
    },
  };
}
