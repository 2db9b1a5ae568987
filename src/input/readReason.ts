import { readText } from './readText';

export const MAX_REASON = 500;

/** A request's reason, or consent evidence: 1 to 500 characters without control characters. */
export function readReason(raw: unknown, at = 'reason', required = true): string | null {
  return readText(raw, { at, max: MAX_REASON, required });
}

/** The contract's EraseSubjectInput does not make a reason mandatory: a data subject need not give one. */
export const DEFAULT_ERASE_REASON = 'erasure requested by the data subject';

/** An erasure's reason: the default when left out, otherwise checked like any reason (a blank one is refused). */
export const readEraseReason = (raw: unknown, at = 'reason'): string => (raw === undefined || raw === null ? DEFAULT_ERASE_REASON : (readReason(raw, at) as string));
