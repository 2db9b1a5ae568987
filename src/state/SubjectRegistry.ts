import type { SqlQueryable } from '../sql/SqlClient';
import type { Identity } from '../sources/Identity';
import type { Pseudonymizer } from '../subjects/Pseudonymizer';
import type { SubjectStateDoc } from '../subjects/SubjectState';
import { consentsOfSql } from './ConsentRegistry';
import { iso } from './iso';

interface SubjectRow {
  id: string;
  blocked: boolean;
  blocked_reason: string | null;
  erasing: string | null;
  erased_at: Date | null;
  updated_at: Date;
  identity_hashes: string[];
  consents: SubjectStateDoc['consents'];
}

/** A subject's state with its identity hashes and consents: one row per subject, one query per batch. */
const SELECT_SUBJECTS = `SELECT s.id, s.blocked, s.blocked_reason, s.erasing, s.erased_at, s.updated_at,
  ARRAY(SELECT i.identity_hash FROM subject_identities i WHERE i.subject_id = s.id ORDER BY i.identity_hash) AS identity_hashes,
  ${consentsOfSql('s.id')} AS consents
  FROM subjects s`;

const toDoc = (row: SubjectRow): SubjectStateDoc => ({
  _id: row.id,
  identityHashes: row.identity_hashes,
  blocked: row.blocked,
  blockedReason: row.blocked_reason,
  erasing: row.erasing,
  erasedAt: iso(row.erased_at),
  consents: row.consents,
  updatedAt: iso(row.updated_at) as string,
});

/** Subject columns `update` may set, and their SQL names. */
const COLUMNS = { blocked: 'blocked', blockedReason: 'blocked_reason', erasing: 'erasing', erasedAt: 'erased_at' } as const;
export type SubjectUpdate = Partial<Pick<SubjectStateDoc, keyof typeof COLUMNS>>;

/**
 * The owner of tables `subjects` and `subject_identities`: the gateway's subject states (blocked,
 * being erased, erased), found by keyed identity hashes, never by an identity in clear.
 */
export class SubjectRegistry {
  constructor(
    private readonly sql: SqlQueryable,
    private readonly pseudonymizer: Pseudonymizer,
  ) {}

  /** States whose identity hashes meet any of `identities`: one query for the whole batch. */
  async findByIdentities(identities: readonly Identity[]): Promise<SubjectStateDoc[]> {
    if (identities.length === 0) return [];
    const hashes = [...new Set(identities.map((i) => this.pseudonymizer.identityHash(i)))];
    const { rows } = await this.sql.query<SubjectRow>(`${SELECT_SUBJECTS} WHERE s.id IN (SELECT subject_id FROM subject_identities WHERE identity_hash = ANY($1::text[])) ORDER BY s.id`, [hashes]);
    return rows.map(toDoc);
  }

  async get(id: string): Promise<SubjectStateDoc | null> {
    const { rows } = await this.sql.query<SubjectRow>(`${SELECT_SUBJECTS} WHERE s.id = $1`, [id]);
    return rows[0] ? toDoc(rows[0]) : null;
  }

  /**
   * Creates the state on first write, and records any identity hashes it did not hold yet; in
   * one statement. Returns the state as it is afterwards.
   */
  async ensure(id: string, identities: readonly Identity[]): Promise<SubjectStateDoc> {
    const hashes = [...new Set(identities.map((i) => this.pseudonymizer.identityHash(i)))];
    const now = new Date().toISOString();
    // The final SELECT sees the state before this statement's inserts: merged below.
    const { rows } = await this.sql.query<SubjectRow>(
      `WITH created AS (INSERT INTO subjects (id, updated_at) VALUES ($1, $3) ON CONFLICT (id) DO NOTHING),
            known AS (INSERT INTO subject_identities (identity_hash, subject_id) SELECT h, $1 FROM unnest($2::text[]) AS h ON CONFLICT DO NOTHING)
       ${SELECT_SUBJECTS} WHERE s.id = $1`,
      [id, hashes, now],
    );
    const before = rows[0] ? toDoc(rows[0]) : { _id: id, identityHashes: [], blocked: false, blockedReason: null, erasing: null, erasedAt: null, consents: [], updatedAt: now };
    return { ...before, identityHashes: [...new Set([...before.identityHashes, ...hashes])].sort() };
  }

  async update(id: string, set: SubjectUpdate): Promise<void> {
    const entries = (Object.keys(COLUMNS) as Array<keyof typeof COLUMNS>).filter((k) => set[k] !== undefined);
    const assignments = entries.map((k, i) => `${COLUMNS[k]} = $${i + 3}`);
    await this.sql.query(`UPDATE subjects SET ${[...assignments, 'updated_at = $2'].join(', ')} WHERE id = $1`, [id, new Date().toISOString(), ...entries.map((k) => set[k])]);
  }

  /**
   * Claims the subject for an erasure: succeeds only if no other erasure holds it, so that
   * concurrent requests for one subject make one request. Returns the holder's request id.
   */
  async claimErasure(id: string, requestId: string): Promise<string> {
    const { rows } = await this.sql.query<{ claimed: string | null; holder: string | null }>(
      `WITH claimed AS (UPDATE subjects SET erasing = $2, updated_at = $3 WHERE id = $1 AND erasing IS NULL AND erased_at IS NULL RETURNING erasing)
       SELECT (SELECT erasing FROM claimed) AS claimed, (SELECT erasing FROM subjects WHERE id = $1) AS holder`,
      [id, requestId, new Date().toISOString()],
    );
    if (rows[0]?.claimed) return requestId;
    // Not claimed. `holder` was read from the statement's snapshot, from before a concurrent
    // claim that made this one miss: only a fresh read names that claim's request.
    const holder = rows[0]?.holder ?? (await this.get(id))?.erasing;
    return holder ?? requestId;
  }
}
