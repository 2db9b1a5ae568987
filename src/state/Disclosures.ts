import type { SqlQueryable } from '../sql/SqlClient';
import { iso } from './iso';

export interface DisclosureDoc {
  readonly subjectId: string;
  readonly recipient: string;
  readonly purpose: string;
  readonly categories: readonly string[];
  readonly at: string;
  /** The request whose read disclosed it (its audit event carries the same id). */
  readonly requestId: string;
}

interface DisclosureRow { subject_id: string; recipient: string; purpose: string; categories: string[]; at: Date; request_id: string }

const toDoc = (r: DisclosureRow): DisclosureDoc => ({ subjectId: r.subject_id, recipient: r.recipient, purpose: r.purpose, categories: r.categories, at: iso(r.at) as string, requestId: r.request_id });

/**
 * Table `disclosures`: what reads disclosed to recipients outside the company, per subject (GDPR
 * art. 15(1)(c), art. 19). Read here; written only with the audit event of the read that
 * disclosed them, in the same call (`AuditLog.append`, migration 7's `audit_append`): a read's
 * disclosures are on record exactly when its audit event is.
 */
export class Disclosures {
  constructor(private readonly sql: SqlQueryable) {}

  /** Every disclosure of any of `subjectIds`, oldest first: one statement for a wave of requests. */
  async forSubjects(subjectIds: readonly string[]): Promise<DisclosureDoc[]> {
    if (subjectIds.length === 0) return [];
    const { rows } = await this.sql.query<DisclosureRow>('SELECT * FROM disclosures WHERE subject_id = ANY($1::text[]) ORDER BY at, id', [[...subjectIds]]);
    return rows.map(toDoc);
  }

  /** A subject's disclosures, newest first, at most `limit`. */
  async forSubject(subjectId: string, limit: number): Promise<DisclosureDoc[]> {
    const { rows } = await this.sql.query<DisclosureRow>('SELECT * FROM disclosures WHERE subject_id = $1 ORDER BY at DESC, id DESC LIMIT $2', [subjectId, limit]);
    return rows.map(toDoc);
  }
}
