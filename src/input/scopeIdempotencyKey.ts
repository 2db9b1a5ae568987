import { createHash } from 'node:crypto';
import type { Caller } from '../auth/Caller';

/** The ledger's key of a client's idempotency key (`key:<raw>` from readIdempotencyKey): unique per client. */
export const scopeIdempotencyKey = (caller: Caller, key: string): string => `client:${createHash('sha256').update(caller.client).digest('hex').slice(0, 32)}:${key}`;
