import { ErrorCode } from '../errors';
import type { Policy, Purpose } from './Policy';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import { activeConsent, activeObjection } from '../subjects/SubjectState';

/**
 * The per-subject part of a read decision, made once per subject: a blocked (or erased, whose
 * held records stay blocked) subject is hidden from purposes that do not see blocked subjects;
 * a consent purpose needs the subject's active consent — to it or to a purpose above it —
 * read from the state loaded in this request, so a withdrawal holds from the next read; an
 * objection to the purpose, or to a purpose above it, stops it for this subject (OBJECTED).
 */
export function gateSubject(subject: ResolvedSubject, purpose: Purpose, policy: Policy): null | typeof ErrorCode.SUBJECT_BLOCKED | typeof ErrorCode.CONSENT_REQUIRED | typeof ErrorCode.OBJECTED {
  if (subject.status !== 'ACTIVE' && !purpose.seesBlocked) return ErrorCode.SUBJECT_BLOCKED;
  for (let p: Purpose | undefined = purpose; p; p = p.parent ? policy.purposes.get(p.parent) : undefined) {
    if (activeObjection(subject.state, p.id)) return ErrorCode.OBJECTED;
  }
  if (purpose.requiresConsent) {
    for (let p: Purpose | undefined = purpose; p; p = p.parent ? policy.purposes.get(p.parent) : undefined) {
      if (activeConsent(subject.state, p.id)) return null;
    }
    return ErrorCode.CONSENT_REQUIRED;
  }
  return null;
}
