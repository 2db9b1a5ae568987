import { ErrorCode, GatewayError } from '../errors';
import type { Purpose } from '../policy/Policy';
import type { Identity } from '../sources/Identity';
import type { PurposePseudonyms } from '../subjects/purposePseudonyms';
import { readSubjectRef } from './readSubjectRef';

/**
 * The identity a read under `purpose` names (CONTRACT.md §5). A depersonalized purpose finds
 * subjects only by the pseudonyms it was given: a raw email, phone or customer id is FORBIDDEN,
 * so its pseudonyms cannot be reversed by trying guesses. A pseudonym opens only under the
 * purpose it was made for; anything else (another purpose's, forged, under a purpose that is
 * given none) finds nobody: null.
 */
export function readPurposeRef(raw: unknown, options: { at?: string; purpose: Purpose; names: PurposePseudonyms }): Identity | null {
  const at = options.at ?? 'ref';
  const ref = readSubjectRef(raw, at);
  if ('pseudonym' in ref) return options.purpose.depersonalized ? options.names.open(ref.pseudonym) : null;
  if (options.purpose.depersonalized) {
    throw new GatewayError(ErrorCode.FORBIDDEN, `${at}: purpose "${options.purpose.id}" is depersonalized; it finds subjects only by the pseudonyms it was given`);
  }
  return ref;
}
