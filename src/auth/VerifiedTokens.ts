import { createHash } from 'node:crypto';
import type { Caller } from './Caller';

/**
 * Tokens already verified, so a service sending the same bearer token on every request pays for
 * its signature once: a bounded map from the token's SHA-256 to its caller, each entry good until
 * the token expires or `maxAgeMs` after its verification, whichever comes first (a key withdrawn
 * from the identity provider's set stops working within that time). The least recently used
 * entry goes first when the map is full. Only a token that passed every check is ever stored.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { caller: Caller; until: number }>();

  constructor(private readonly options: { max: number; maxAgeMs: number }) {}

  get(token: string, now: number): Caller | null {
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    this.entries.delete(key);
    if (now >= entry.until) return null;
    this.entries.set(key, entry);
    return entry.caller;
  }

  /** `expiresAt`: the token's `exp`, in milliseconds. */
  set(token: string, caller: Caller, expiresAt: number, now: number): void {
    const until = Math.min(expiresAt, now + this.options.maxAgeMs);
    if (until <= now) return;
    const key = keyOf(token);
    this.entries.delete(key);
    if (this.entries.size >= this.options.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { caller: Object.freeze({ client: caller.client, roles: Object.freeze([...caller.roles]) }), until });
  }

  get size(): number {
    return this.entries.size;
  }
}

const keyOf = (token: string): string => createHash('sha256').update(token).digest('base64url');
