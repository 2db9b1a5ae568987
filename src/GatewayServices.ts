import type { Logger } from 'pino';
import type { AuditLog } from './audit/AuditLog';
import type { Config } from './config';
import type { DsrRuntime } from './dsr/createDsrService';
import type { Metrics } from './metrics';
import type { Policy } from './policy/Policy';
import type { GuardedConnector } from './sources/guardConnector';
import type { DocumentStore } from './store/DocumentStore';
import type { Pseudonymizer } from './subjects/Pseudonymizer';
import type { SubjectRegistry } from './subjects/SubjectRegistry';

/** The long-lived parts of one gateway, built once by `createGateway` and shared by requests. */
export interface GatewayServices {
  readonly config: Config;
  readonly policy: Policy;
  readonly connectors: readonly GuardedConnector[];
  /** The gateway's own state: subjects, consents, requests, audit. */
  readonly state: DocumentStore;
  readonly registry: SubjectRegistry;
  readonly pseudonymizer: Pseudonymizer;
  readonly audit: AuditLog;
  readonly dsr: DsrRuntime;
  readonly logger: Logger;
  readonly metrics: Metrics;
}
