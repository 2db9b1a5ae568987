import type { DemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import type { SqlClient } from '../sql/SqlClient';
import type { DocumentStore } from '../store/DocumentStore';

/** The demo's systems by the names `sources/demo.yaml` gives them: for the demo seed, tests and the benchmark. */
export interface DemoSources {
  readonly orders: DocumentStore;
  readonly support: SqlClient;
  readonly processor: DemoProcessor | null;
}

/**
 * Only the demo knows its sources' names: the gateway itself iterates declarations. A source the
 * running declarations do not have is a TypeError when asked for, not a silent undefined.
 */
export function demoSources(systems: ReadonlyMap<string, DocumentStore | SqlClient>, processor: DemoProcessor | null): DemoSources {
  const get = <T>(name: string): T => {
    const system = systems.get(name);
    if (!system) throw new TypeError(`expected the demo source "${name}" among the declared sources, got ${[...systems.keys()].join(', ') || 'none'}`);
    return system as T;
  };
  return {
    get orders() { return get<DocumentStore>('orders'); },
    get support() { return get<SqlClient>('support'); },
    processor,
  };
}
