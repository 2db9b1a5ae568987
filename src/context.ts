import DataLoader from 'dataloader';
import { AuditRecorder } from './audit/AuditRecorder';
import type { Caller } from './auth/Caller';
import type { Purpose } from './policy/Policy';
import type { GatewayServices } from './GatewayServices';
import { parseIdentityKey } from './sources/Identity';
import type { SourceLoaders } from './subjects/createSourceLoaders';
import { createSourceLoaders } from './subjects/createSourceLoaders';
import type { ResolvedSubject } from './subjects/resolveSubjects';
import { resolveSubjects } from './subjects/resolveSubjects';
import { traceRounds } from './tracing/traceRounds';

/** Everything one request needs: who asks, for what purpose, and its own loaders and audit. */
export interface RequestContext {
  readonly requestId: string;
  readonly caller: Caller;
  readonly purpose: Purpose;
  readonly services: GatewayServices;
  readonly loaders: SourceLoaders;
  /** identity key → the subject resolved across sources (batched: aliases resolve together). */
  readonly subjects: DataLoader<string, ResolvedSubject | null>;
  readonly audit: AuditRecorder;
  /** Aborted when the client goes away before its answer is sent: long work (a statistics scan) stops. */
  readonly signal: AbortSignal;
}

export function createContext(options: { requestId: string; caller: Caller; purpose: Purpose; services: GatewayServices; signal?: AbortSignal }): RequestContext {
  const { services, signal = new AbortController().signal } = options;
  const loaders = createSourceLoaders(services.connectors);
  const subjects = new DataLoader<string, ResolvedSubject | null>(
    (keys) =>
      resolveSubjects(keys.map(parseIdentityKey), {
        connectors: services.connectors,
        loaders,
        registry: services.registry,
        pseudonymizer: services.pseudonymizer,
        runRound: traceRounds(services.tracing),
      }),
    { maxBatchSize: 1000 },
  );
  return { ...options, signal, loaders, subjects, audit: new AuditRecorder() };
}
