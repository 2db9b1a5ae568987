/**
 * What one operation did with personal data, collected while it runs and written as ONE audit
 * event when it ends (not one per field). Per request; never shared.
 */
export class AuditRecorder {
  readonly subjectIds = new Set<string>();
  /** "Order.ip: FORBIDDEN", "sub_…: SUBJECT_BLOCKED". */
  readonly denied = new Set<string>();
  /** Categories read by mutations and DSR reads that the static walk cannot see. */
  readonly categories = new Set<string>();
  /** Codes of refusals no error carries (a lookup that found nobody answers null, not an error). */
  readonly refusals = new Set<string>();
  /** Set by resolvers that touch personal data without a DataSubject (DSR reads, mutations). */
  touched = false;

  subject(id: string): void {
    this.subjectIds.add(id);
    this.touched = true;
  }

  deny(what: string, code: string): void {
    this.denied.add(`${what}: ${code}`);
  }

  /** A refusal without an error (NOT_FOUND for a lookup that found nobody): audited with its code. */
  refuse(what: string, code: string): void {
    this.deny(what, code);
    this.refusals.add(code);
  }
}
