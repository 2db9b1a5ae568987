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
  /** Set by resolvers that touch personal data without a DataSubject (DSR reads, mutations). */
  touched = false;

  subject(id: string): void {
    this.subjectIds.add(id);
    this.touched = true;
  }

  deny(what: string, code: string): void {
    this.denied.add(`${what}: ${code}`);
  }
}
