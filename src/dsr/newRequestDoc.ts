import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/Caller';
import type { Profile } from '../sources/Connector';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import { computeDueAt } from './computeDueAt';
import type { DsrRequestDoc, DsrType } from './DsrRequestDoc';
import { planTasks } from './planTasks';
import type { DsrDeps } from './resolveForDsr';

export interface NewRequest {
  readonly type: DsrType;
  readonly subject: ResolvedSubject;
  readonly caller: Caller;
  readonly reason: string | null;
  readonly createdAt: Date;
  /** When the subject's request was received, if earlier than its recording: the deadline counts from it. */
  readonly receivedAt?: Date | null;
  readonly idempotencyKey?: string | null;
  readonly changes?: Profile;
}

/** A request as accepted, before the worker touches it: PENDING, one task per source, due by the policy's deadline. */
export function newRequestDoc(deps: Pick<DsrDeps, 'pseudonymizer' | 'policy' | 'connectors'>, options: NewRequest): DsrRequestDoc {
  const id = `dsr_${randomUUID()}`;
  const { createdAt } = options;
  return {
    _id: id,
    type: options.type,
    status: 'PENDING',
    subjectId: options.subject.id,
    identityHashes: options.subject.identities.map((i) => deps.pseudonymizer.identityHash(i)),
    identities: [...options.subject.identities],
    identitiesComplete: [...options.subject.records.values()].every((r) => !(r instanceof Error)),
    reason: options.reason,
    client: options.caller.client,
    createdAt: createdAt.toISOString(),
    receivedAt: (options.receivedAt ?? createdAt).toISOString(),
    completedAt: null,
    dueAt: computeDueAt({ createdAt: options.receivedAt ?? createdAt, deadlines: deps.policy.deadlines, extended: false }).toISOString(),
    extendedReason: null,
    idempotencyKey: options.idempotencyKey ?? id,
    alreadyErased: false,
    payload: options.changes ? { changes: { ...options.changes } as Record<string, string | null> } : {},
    tasks: planTasks(options.type, deps.connectors, options.changes),
    export: null,
    certificate: null,
    callback: null,
    lastError: null,
    leaseOwner: null,
    leaseUntil: null,
    notBefore: null,
  };
}
