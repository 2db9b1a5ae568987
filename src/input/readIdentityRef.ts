import { ErrorCode, GatewayError } from '../errors';
import type { Identity } from '../sources/Identity';
import { readSubjectRef } from './readSubjectRef';

/**
 * The identity a request or ledger query names. Pseudonyms are a depersonalized purpose's alone
 * and open only under it (`readPurposeRef`): here one finds nobody.
 */
export function readIdentityRef(raw: unknown, at = 'ref'): Identity {
  const ref = readSubjectRef(raw, at);
  if ('pseudonym' in ref) throw new GatewayError(ErrorCode.NOT_FOUND, 'no source knows this subject');
  return ref;
}
