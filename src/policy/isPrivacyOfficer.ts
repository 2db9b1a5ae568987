import type { Caller } from '../auth/Caller';
import { isOfficePurpose } from './isOfficePurpose';
import type { Policy } from './Policy';

/** The privacy office's purposes: those that read everything, blocked subjects included. */
export const officePurposes = (policy: Policy): string[] => [...policy.purposes.values()].filter(isOfficePurpose).map((p) => p.id);

/**
 * Whether the caller is the privacy officer: one of its roles may declare every purpose of the
 * privacy office. Decided from the policy's `roles`, not by a role's name: in the shipped policy
 * `privacy_officer` (legal_compliance and dsr_handling) is, `erasure_automation` (dsr_handling
 * only: a system sending erasures) is not.
 */
export function isPrivacyOfficer(policy: Policy, caller: Caller): boolean {
  const office = officePurposes(policy);
  return office.length > 0 && caller.roles.some((role) => office.every((p) => (policy.roles.get(role) ?? []).includes(p)));
}
