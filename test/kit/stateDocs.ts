import { randomUUID } from 'node:crypto';
import type { AuditEventBody } from '../../src/audit/AuditEvent';
import type { DsrRequestDoc } from '../../src/dsr/DsrRequestDoc';

/** An erasure request as acceptance records it, for the state suites: open, three tasks, no lease. */
export function erasureDoc(options: { createdAt?: Date; key?: string; subjectId?: string; callbackUrl?: string } = {}): DsrRequestDoc {
  const id = `dsr_${randomUUID()}`;
  const createdAt = (options.createdAt ?? new Date()).toISOString();
  return {
    _id: id,
    type: 'ERASE',
    status: 'PENDING',
    subjectId: options.subjectId ?? `sub_${randomUUID()}`,
    identityHashes: [`hash-${id}`],
    identities: [{ type: 'EMAIL', value: `${id}@state.example` }],
    identitiesComplete: true,
    reason: 'state conformance',
    client: 'state-suite',
    createdAt,
    completedAt: null,
    dueAt: new Date(Date.parse(createdAt) + 30 * 86_400_000).toISOString(),
    extendedReason: null,
    idempotencyKey: options.key ?? id,
    alreadyErased: false,
    payload: {},
    tasks: ['orders', 'payments', 'support'].map((source) => ({ source, status: 'PENDING', action: 'erase', attempts: 0, records: null, lastError: null, updatedAt: null, notBefore: null, plan: null, completedAt: null })),
    export: null,
    certificate: null,
    callback: options.callbackUrl ? { url: options.callbackUrl, status: 'PENDING', attempts: 0, nextAt: null, lastError: null } : null,
    lastError: null,
    leaseOwner: null,
    leaseUntil: null,
    notBefore: null,
  };
}

/** An audit event body as the audit plugin writes one. */
export const auditBody = (n: number, client = 'state-suite'): AuditEventBody => ({
  at: new Date().toISOString(),
  requestId: `req-${n}`,
  client,
  roles: ['privacy_officer'],
  purpose: 'dsr_handling',
  operation: `Op${n}`,
  subjectIds: [`sub_${n % 7}`],
  categories: ['contact.email'],
  denied: [],
  policyVersion: 'v1',
  outcome: 'ok',
});
