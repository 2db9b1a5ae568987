export type SubjectStatus = 'ACTIVE' | 'BLOCKED' | 'ERASED';

export interface ConsentChangeDoc {
  action: 'ACTIVE' | 'WITHDRAWN';
  at: string;
  policyVersion: string;
  evidence: string | null;
}

export interface ConsentDoc {
  purpose: string;
  status: 'ACTIVE' | 'WITHDRAWN';
  policyVersion: string;
  grantedAt: string | null;
  withdrawnAt: string | null;
  evidence: string | null;
  history: ConsentChangeDoc[];
}

/** An objection to one purpose on legitimate interest (GDPR art. 21, 152-FZ art. 21). */
export interface ObjectionDoc {
  purpose: string;
  status: 'ACTIVE' | 'WITHDRAWN';
  objectedAt: string | null;
  withdrawnAt: string | null;
}

/**
 * The gateway's own record of a subject (tables `subjects`, `subject_identities`, `consents`):
 * never an identity in clear, only keyed hashes of them, so that after erasure a repeated request
 * answers "already erased".
 */
export interface SubjectStateDoc {
  _id: string;
  identityHashes: string[];
  /** Blocked by a BLOCK request (until UNBLOCK). */
  blocked: boolean;
  blockedReason: string | null;
  /** An erasure was accepted: blocked from that moment, whatever UNBLOCK says. */
  erasing: string | null;
  erasedAt: string | null;
  consents: ConsentDoc[];
  objections: ObjectionDoc[];
  updatedAt: string;
}

export function statusOf(state: SubjectStateDoc | null | undefined): SubjectStatus {
  if (!state) return 'ACTIVE';
  if (state.erasedAt) return 'ERASED';
  return state.blocked || state.erasing ? 'BLOCKED' : 'ACTIVE';
}

export function activeConsent(state: SubjectStateDoc | null | undefined, purpose: string): boolean {
  return state?.consents.some((c) => c.purpose === purpose && c.status === 'ACTIVE') ?? false;
}

export function activeObjection(state: SubjectStateDoc | null | undefined, purpose: string): boolean {
  return state?.objections.some((o) => o.purpose === purpose && o.status === 'ACTIVE') ?? false;
}
