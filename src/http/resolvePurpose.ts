import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from '../auth/Caller';
import { ErrorCode, GatewayError } from '../errors';
import type { Policy, Purpose } from '../policy/Policy';

export const PURPOSE_ID = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * The declared purpose, checked before anything runs (CONTRACT.md §3): missing → PURPOSE_REQUIRED,
 * not a purpose of the policy → UNKNOWN_PURPOSE, none of the caller's roles may declare it →
 * PURPOSE_NOT_ALLOWED. Two X-Purpose headers (Node joins them with ", ") or control characters
 * are not a purpose id, so they are BAD_USER_INPUT: a caller must declare exactly one purpose.
 */
export function resolvePurpose(headers: IncomingHttpHeaders, caller: Caller, policy: Policy): Purpose {
  const raw = headers['x-purpose'];
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) throw new GatewayError(ErrorCode.PURPOSE_REQUIRED, 'expected an X-Purpose header naming the purpose of this request');
  if (Array.isArray(raw) || raw.includes(',')) throw new GatewayError(ErrorCode.BAD_USER_INPUT, 'expected exactly one X-Purpose header, got several');
  const id = raw.trim();
  if (!PURPOSE_ID.test(id)) throw new GatewayError(ErrorCode.BAD_USER_INPUT, 'expected X-Purpose to be a purpose id (lower-case letters, digits, "_")');
  const purpose = policy.purposes.get(id);
  if (!purpose) throw new GatewayError(ErrorCode.UNKNOWN_PURPOSE, `expected a purpose of the policy, got "${id}"`);
  if (!policy.mayDeclare(caller.roles, id)) throw new GatewayError(ErrorCode.PURPOSE_NOT_ALLOWED, `none of the caller's roles may declare purpose "${id}"`);
  return purpose;
}
