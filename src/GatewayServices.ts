import type { Logger } from 'pino';
import type { Config } from './config';
import type { DsrRuntime } from './dsr/createDsrService';
import type { RateLimiter } from './http/createRateLimiter';
import type { Metrics } from './metrics';
import type { NoticeChannels } from './notices/NoticeChannels';
import type { Policy } from './policy/Policy';
import type { GuardedConnector } from './sources/guardConnector';
import type { AuditLog } from './state/AuditLog';
import type { GatewayState } from './state/GatewayState';
import type { CompiledStatistics } from './statistics/StatisticSet';
import type { SubjectRegistry } from './state/SubjectRegistry';
import type { Pseudonymizer } from './subjects/Pseudonymizer';
import type { Tracing } from './tracing/createTracing';

/** The long-lived parts of one gateway, built once by `createGateway` and shared by requests. */
export interface GatewayServices {
  readonly config: Config;
  readonly policy: Policy;
  readonly connectors: readonly GuardedConnector[];
  /** Where notices go: each recipient's `notify`, each source's `onConsentChange` (read at start-up). */
  readonly channels: NoticeChannels;
  /** The gateway's own state in SQL: subjects, consents, requests, audit, holds (see src/state). */
  readonly state: GatewayState;
  /** `state.registry`, `state.audit`: the owners every request uses. */
  readonly registry: SubjectRegistry;
  readonly pseudonymizer: Pseudonymizer;
  readonly audit: AuditLog;
  readonly dsr: DsrRuntime;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Per client, from the policy's `rateLimit`. */
  readonly rateLimiter: RateLimiter;
  /** The policy's statistic sets, checked against the sources at start-up: what `aggregate` serves. */
  readonly statistics: CompiledStatistics;
  /** OpenTelemetry traces; null when off (no OTLP endpoint): then no span is made. */
  readonly tracing: Tracing | null;
}
