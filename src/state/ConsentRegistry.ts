import type { SqlQueryable } from '../sql/SqlClient';
import type { ConsentDoc } from '../subjects/SubjectState';
import { isoSql } from './iso';

/** One consent row as a `ConsentDoc`, built in SQL so a subject's consents come with its state in one query. */
const CONSENT_JSON = `json_build_object(
  'purpose', c.purpose, 'status', c.status, 'policyVersion', c.policy_version,
  'grantedAt', ${isoSql('c.granted_at')}, 'withdrawnAt', ${isoSql('c.withdrawn_at')},
  'evidence', c.evidence, 'history', c.history)`;

/** A subquery: the consents of the subject `subjectId` (an SQL expression) as a JSON array, by purpose. */
export const consentsOfSql = (subjectId: string): string =>
  `COALESCE((SELECT json_agg(${CONSENT_JSON} ORDER BY c.purpose) FROM consents c WHERE c.subject_id = ${subjectId}), '[]'::json)`;

export interface ConsentChange {
  readonly subjectId: string;
  readonly purpose: string;
  readonly grant: boolean;
  readonly at: string;
  readonly policyVersion: string;
  readonly evidence: string | null;
}

/**
 * The owner of table `consents`: per subject and consent-based purpose, the current decision
 * (under which policy version, with what evidence) and its history. The subject must be in the
 * registry first (the row refers to it).
 */
export class ConsentRegistry {
  constructor(private readonly sql: SqlQueryable) {}

  /**
   * Records a grant or a withdrawal, appending it to the history, in one statement: two changes
   * at once for one subject both land in the history, one after the other. A withdrawal keeps
   * when and with what evidence consent was last granted.
   */
  async record(change: ConsentChange): Promise<ConsentDoc> {
    const status = change.grant ? 'ACTIVE' : 'WITHDRAWN';
    const entry = { action: status, at: change.at, policyVersion: change.policyVersion, evidence: change.evidence };
    const { rows } = await this.sql.query<{ consent: ConsentDoc }>(
      `INSERT INTO consents AS c (subject_id, purpose, status, policy_version, granted_at, withdrawn_at, evidence, history)
       VALUES ($1, $2, $3::text, $4,
         CASE WHEN $3 = 'ACTIVE' THEN $5::timestamptz END, CASE WHEN $3 = 'WITHDRAWN' THEN $5::timestamptz END,
         CASE WHEN $3 = 'ACTIVE' THEN $6::text END, jsonb_build_array($7::jsonb))
       ON CONFLICT (subject_id, purpose) DO UPDATE SET
         status = excluded.status,
         policy_version = excluded.policy_version,
         granted_at = COALESCE(excluded.granted_at, c.granted_at),
         withdrawn_at = excluded.withdrawn_at,
         evidence = CASE WHEN excluded.status = 'ACTIVE' THEN excluded.evidence ELSE c.evidence END,
         history = c.history || excluded.history
       RETURNING ${CONSENT_JSON} AS consent`,
      [change.subjectId, change.purpose, status, change.policyVersion, change.at, change.evidence, JSON.stringify(entry)],
    );
    return rows[0]?.consent as ConsentDoc;
  }

  /** An erased subject keeps no consents, nor their history (the evidence may name them). */
  async clear(subjectId: string): Promise<void> {
    await this.sql.query('DELETE FROM consents WHERE subject_id = $1', [subjectId]);
  }
}
