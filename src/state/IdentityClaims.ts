import type { SqlQueryable } from '../sql/SqlClient';

/**
 * The owner of table `identity_claims`: which subject a rectification gave a new email or phone
 * (by keyed hash, never in clear). A hash is claimed once, by the first rectification to get
 * there, in one statement whatever the instances: of two rectifications giving one value to
 * two subjects, exactly one may write it.
 */
export class IdentityClaims {
  constructor(private readonly sql: SqlQueryable) {}

  /**
   * Claims `hashes` for the subject, for `requestId`. Returns the hashes another subject holds
   * (claimed before, or by a claim that committed while this one waited); [] when all are the
   * subject's now. Claiming again what the subject holds is a no-op.
   */
  async claim(options: { subjectId: string; requestId: string; hashes: readonly string[]; at: string }): Promise<string[]> {
    if (options.hashes.length === 0) return [];
    // A row a concurrent claim committed is not in this statement's snapshot, but ON CONFLICT
    // skips it: a hash neither inserted here nor already this subject's is another's.
    const { rows } = await this.sql.query<{ h: string }>(
      `WITH x AS (SELECT DISTINCT unnest($3::text[]) AS h),
        ins AS (INSERT INTO identity_claims (identity_hash, subject_id, request_id, at)
          SELECT x.h, $1, $2, $4::timestamptz FROM x ON CONFLICT (identity_hash) DO NOTHING RETURNING identity_hash)
       SELECT x.h FROM x WHERE x.h NOT IN (SELECT identity_hash FROM ins)
         AND NOT EXISTS (SELECT 1 FROM identity_claims c WHERE c.identity_hash = x.h AND c.subject_id = $1)`,
      [options.subjectId, options.requestId, [...options.hashes], options.at],
    );
    return rows.map((r) => r.h);
  }

  /** Gives up what `requestId` claimed (its value turned out to be someone else's after all). */
  async release(requestId: string): Promise<void> {
    await this.sql.query('DELETE FROM identity_claims WHERE request_id = $1', [requestId]);
  }
}
