import type { GatewayServices } from '../GatewayServices';
import type { Identity } from '../sources/Identity';
import { createSourceLoaders } from '../subjects/createSourceLoaders';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import { resolveSubjects } from '../subjects/resolveSubjects';

export type DsrDeps = Omit<GatewayServices, 'dsr'>;

/** A fresh resolution (no request cache) through the unguarded connectors: DSR work waits for slow sources. */
export async function resolveForDsr(services: DsrDeps, refs: readonly Identity[]): Promise<Array<ResolvedSubject | null>> {
  const connectors = services.connectors.map((c) => c.inner);
  return resolveSubjects(refs, { connectors, loaders: createSourceLoaders(connectors), registry: services.registry, pseudonymizer: services.pseudonymizer });
}
