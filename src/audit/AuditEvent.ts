import { createHash, createHmac } from 'node:crypto';

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
  /** The contract's code of a refusal (UNAUTHENTICATED, PURPOSE_NOT_ALLOWED, NOT_FOUND, …); absent when nothing was refused. */
  code?: string;
  /** false when `client` is only what a refused token claimed; absent when the client was verified. */
  clientVerified?: false;
  /** An act of the gateway's own clock (a retention run): what it did, without a value of anyone's; absent on accesses. */
  act?: ClockAct;
}

/** A retention run in the chain: its id, its counts and its destruction act's sha256 (CONTRACT.md §4.1). */
export interface ClockAct {
  kind: 'retention_run';
  runId: string;
  deleted: number;
  depersonalized: number;
  retained: number;
  failedSources: string[];
  sha256: string;
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

/**
 * The chain link over the previous hash and every field of the event except its own hash:
 * HMAC-SHA256 with the audit key, so nobody without the key can recompute a chain that verifies.
 * `key: null` is the unkeyed SHA-256 of events written before the chain was keyed (migration 2),
 * and what verification compares a broken link with to tell a recomputation from an edit.
 */
export function hashEvent(event: Omit<AuditEventDoc, 'hash'>, key: string | null): string {
  const { _id, ...rest } = event;
  const text = canonicalJson({ ...rest, id: _id });
  return key === null ? createHash('sha256').update(text).digest('hex') : createHmac('sha256', key).update(text).digest('hex');
}

/** The signature of a head or checkpoint (domain-separated from event links: those sign JSON objects). */
export const signHead = (key: string, head: { seq: number; hash: string | null }): string =>
  createHmac('sha256', key).update(`audit-head:${head.seq}:${head.hash ?? ''}`).digest('hex');

export const auditId = (seq: number): string => `aud_${String(seq).padStart(12, '0')}`;
