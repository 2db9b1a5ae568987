import type { GatewayServices } from '../GatewayServices';

export interface Refusal {
  readonly requestId: string;
  /** The verified client, or what a refused token claimed (`verified: false`), or null when nothing could be read. */
  readonly client: string | null;
  readonly verified: boolean;
  readonly roles: readonly string[];
  /** The declared purpose when it is a well-formed id, else null. */
  readonly purpose: string | null;
  readonly code: string;
  readonly operation: string | null;
}

/**
 * A request refused before any GraphQL ran is an audit event too (CONTRACT.md §3): who (as far
 * as it could be read), under which purpose, with which code. A failed write is logged; the
 * refusal goes out regardless, since it returns no data.
 */
export async function auditRefusal(services: GatewayServices, refusal: Refusal): Promise<void> {
  try {
    await services.audit.append({
      at: new Date().toISOString(),
      requestId: refusal.requestId,
      client: refusal.client ?? 'unknown',
      ...(refusal.verified ? {} : { clientVerified: false as const }),
      roles: [...refusal.roles],
      purpose: refusal.purpose ?? 'none',
      operation: refusal.operation,
      subjectIds: [],
      categories: [],
      denied: [`request: ${refusal.code}`],
      policyVersion: services.policy.version,
      outcome: 'rejected',
      code: refusal.code,
    });
    services.metrics.auditEvents.inc();
  } catch (error) {
    services.logger.error({ requestId: refusal.requestId, client: refusal.client, err: error }, 'audit of a refusal failed');
  }
}
