import { createHash } from 'node:crypto';

/** One audit event: who read or changed what personal data, under which purpose and policy. */
export interface AuditEventBody {
  at: string;
  requestId: string;
  client: string;
  roles: string[];
  purpose: string;
  operation: string | null;
  subjectIds: string[];
  categories: string[];
  denied: string[];
  policyVersion: string;
  /** ok, partial (some fields withheld or unavailable), rejected, error. */
  outcome: string;
}

export interface AuditEventDoc extends AuditEventBody {
  _id: string;
  seq: number;
  prevHash: string | null;
  hash: string;
}

/** Canonical JSON: keys sorted, so the hash does not depend on how a store orders fields. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The chain link: sha256 over the previous hash and every field of the event except its own hash. */
export function hashEvent(event: Omit<AuditEventDoc, 'hash'>): string {
  const { _id, ...rest } = event;
  return createHash('sha256').update(canonicalJson({ ...rest, id: _id })).digest('hex');
}

export const auditId = (seq: number): string => `aud_${String(seq).padStart(12, '0')}`;
