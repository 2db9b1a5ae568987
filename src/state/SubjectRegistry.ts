import type { SqlQueryable } from '../sql/SqlClient';
import type { Identity } from '../sources/Identity';
import type { Pseudonymizer } from '../subjects/Pseudonymizer';
import type { ConsentDoc, ObjectionDoc, SubjectStateDoc } from '../subjects/SubjectState';
import { iso, isoSql } from './iso';

interface SubjectRow {
  id: string;
  blocked: boolean;
  blocked_reason: string | null;
  erasing: string | null;
  erased_at: Date | null;
  updated_at: Date;
  identity_hashes: string[];
  consents: SubjectStateDoc['consents'];
  objections: SubjectStateDoc['objections'];
}

/** One consent row as a `ConsentDoc`, built in SQL so a subject's consents come with its state. */
const CONSENT_JSON = `json_build_object(
  'purpose', c.purpose, 'status', c.status, 'policyVersion', c.policy_version,
  'grantedAt', ${isoSql('c.granted_at')}, 'withdrawnAt', ${isoSql('c.withdrawn_at')},
  'evidence', c.evidence, 'history', c.history)`;

const OBJECTION_JSON = `json_build_object('purpose', o.purpose, 'status', o.status, 'objectedAt', ${isoSql('o.objected_at')}, 'withdrawnAt', ${isoSql('o.withdrawn_at')})`;

/** A subject's state with its identity hashes, consents and objections: one row per subject, one query per batch. */
const SELECT_SUBJECTS = `SELECT s.id, s.blocked, s.blocked_reason, s.erasing, s.erased_at, s.updated_at,
  ARRAY(SELECT i.identity_hash FROM subject_identities i WHERE i.subject_id = s.id ORDER BY i.identity_hash) AS identity_hashes,
  COALESCE((SELECT json_agg(${CONSENT_JSON} ORDER BY c.purpose) FROM consents c WHERE c.subject_id = s.id), '[]'::json) AS consents,
  COALESCE((SELECT json_agg(${OBJECTION_JSON} ORDER BY o.purpose) FROM objections o WHERE o.subject_id = s.id), '[]'::json) AS objections
  FROM subjects s`;

export interface ConsentChange {
  readonly subjectId: string;
  readonly purpose: string;
  readonly grant: boolean;
  readonly at: string;
  readonly policyVersion: string;
  readonly evidence: string | null;
}

/** A consent change whose key was used before: the consent as it stands, and the digest that key came with. */
export interface KeyedConsent {
  readonly consent: ConsentDoc | null;
  readonly inputDigest: string;
}

const toDoc = (row: SubjectRow): SubjectStateDoc => ({
  _id: row.id,
  identityHashes: row.identity_hashes,
  blocked: row.blocked,
  blockedReason: row.blocked_reason,
  erasing: row.erasing,
  erasedAt: iso(row.erased_at),
  consents: row.consents,
  objections: row.objections,
  updatedAt: iso(row.updated_at) as string,
});

/** Subject columns `update` may set, and their SQL names. */
const COLUMNS = { blocked: 'blocked', blockedReason: 'blocked_reason', erasing: 'erasing', erasedAt: 'erased_at' } as const;
export type SubjectUpdate = Partial<Pick<SubjectStateDoc, keyof typeof COLUMNS>>;

/**
 * The owner of tables `subjects`, `subject_identities` and `consents`: the gateway's state of
 * each subject (blocked, being erased, erased; its consent decisions), found by keyed identity
 * hashes, never by an identity in clear.
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

  /**
   * Every subject whose state can change a read's decision — blocked, being erased, erased, or
   * with an active objection or consent — in one query: what a scan over a whole collection
   * (statistics) checks its records against, instead of one look-up per record.
   */
  async listDecided(): Promise<SubjectStateDoc[]> {
    const { rows } = await this.sql.query<SubjectRow>(
      `${SELECT_SUBJECTS} WHERE s.blocked OR s.erasing IS NOT NULL OR s.erased_at IS NOT NULL
         OR EXISTS (SELECT 1 FROM objections o WHERE o.subject_id = s.id AND o.status = 'ACTIVE')
         OR EXISTS (SELECT 1 FROM consents c WHERE c.subject_id = s.id AND c.status = 'ACTIVE')
       ORDER BY s.id`,
    );
    return rows.map(toDoc);
  }

  async get(id: string): Promise<SubjectStateDoc | null> {
    const { rows } = await this.sql.query<SubjectRow>(`${SELECT_SUBJECTS} WHERE s.id = $1`, [id]);
    return rows[0] ? toDoc(rows[0]) : null;
  }

  /** One subject; see ensureMany. */
  async ensure(id: string, identities: readonly Identity[]): Promise<SubjectStateDoc> {
    const [state] = await this.ensureMany([{ id, identities }]);
    return state as SubjectStateDoc;
  }

  /**
   * Creates each subject's state on first write, and records any identity hashes it did not
   * hold yet; for the whole batch in one statement. Returns the states as they are afterwards,
   * in input order.
   */
  async ensureMany(subjects: ReadonlyArray<{ id: string; identities: readonly Identity[] }>): Promise<SubjectStateDoc[]> {
    if (subjects.length === 0) return [];
    const hashesOf = new Map<string, Set<string>>();
    for (const s of subjects) {
      const set = hashesOf.get(s.id) ?? new Set<string>();
      for (const i of s.identities) set.add(this.pseudonymizer.identityHash(i));
      hashesOf.set(s.id, set);
    }
    const input = [...hashesOf].map(([id, hashes]) => ({ id, hashes: [...hashes] }));
    const now = new Date().toISOString();
    // The final SELECT sees the states as they were before this statement's inserts: merged below.
    const { rows } = await this.sql.query<SubjectRow>(
      `WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, hashes text[])),
            created AS (INSERT INTO subjects (id, updated_at) SELECT id, $2::timestamptz FROM input ON CONFLICT (id) DO NOTHING),
            known AS (INSERT INTO subject_identities (identity_hash, subject_id) SELECT h, input.id FROM input, unnest(input.hashes) AS h ON CONFLICT DO NOTHING)
       ${SELECT_SUBJECTS} WHERE s.id = ANY($3::text[])`,
      [JSON.stringify(input), now, input.map((s) => s.id)],
    );
    const before = new Map(rows.map((row) => [row.id, toDoc(row)]));
    return subjects.map(({ id }) => {
      const state = before.get(id) ?? { _id: id, identityHashes: [], blocked: false, blockedReason: null, erasing: null, erasedAt: null, consents: [], objections: [], updatedAt: now };
      return { ...state, identityHashes: [...new Set([...state.identityHashes, ...(hashesOf.get(id) ?? [])])].sort() };
    });
  }

  async update(id: string, set: SubjectUpdate): Promise<void> {
    const entries = (Object.keys(COLUMNS) as Array<keyof typeof COLUMNS>).filter((k) => set[k] !== undefined);
    const assignments = entries.map((k, i) => `${COLUMNS[k]} = $${i + 3}`);
    await this.sql.query(`UPDATE subjects SET ${[...assignments, 'updated_at = $2'].join(', ')} WHERE id = $1`, [id, new Date().toISOString(), ...entries.map((k) => set[k])]);
  }

  /**
   * Claims each subject for its erasure request: succeeds only if no other erasure holds it, so
   * that concurrent requests for one subject make one request. One statement for the batch; the
   * subjects must differ. Returns, per subject, the request that holds it (the given one if
   * claimed).
   */
  async claimErasures(claims: ReadonlyArray<{ subjectId: string; requestId: string }>): Promise<Map<string, string>> {
    if (claims.length === 0) return new Map();
    if (new Set(claims.map((c) => c.subjectId)).size !== claims.length) throw new TypeError('expected distinct subjects to claim, got a subject twice');
    const { rows } = await this.sql.query<{ subject_id: string; claimed: string | null; holder: string | null }>(
      `WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x("subjectId" text, "requestId" text)),
        claimed AS (UPDATE subjects s SET erasing = input."requestId", updated_at = $2::timestamptz FROM input
          WHERE s.id = ANY($3::text[]) AND s.id = input."subjectId" AND s.erasing IS NULL AND s.erased_at IS NULL RETURNING s.id, s.erasing),
        current AS (SELECT id, erasing FROM subjects WHERE id = ANY($3::text[]))
       SELECT input."subjectId" AS subject_id, claimed.erasing AS claimed, current.erasing AS holder
       FROM input LEFT JOIN claimed ON claimed.id = input."subjectId" LEFT JOIN current ON current.id = input."subjectId"`,
      [JSON.stringify(claims), new Date().toISOString(), claims.map((c) => c.subjectId)],
    );
    const holders = new Map<string, string>();
    for (const claim of claims) {
      const row = rows.find((r) => r.subject_id === claim.subjectId);
      if (row?.claimed) holders.set(claim.subjectId, claim.requestId);
      // Not claimed. `holder` was read from the statement's snapshot, from before a concurrent
      // claim that made this one miss: only a fresh read names that claim's request.
      else holders.set(claim.subjectId, row?.holder ?? (await this.get(claim.subjectId))?.erasing ?? claim.requestId);
    }
    return holders;
  }

  /**
   * Records a grant or a withdrawal of consent, appending it to the history, in one statement:
   * two changes at once for one subject both land in the history, one after the other. A
   * withdrawal keeps when and with what evidence consent was last granted. The subject must be
   * known (`ensure`) first.
   */
  async recordConsent(change: ConsentChange): Promise<ConsentDoc> {
    const written = await this.writeConsent(change, null);
    if (!written) throw new TypeError('expected the consent change to be recorded, got no row');
    return written;
  }

  /**
   * recordConsent under a caller's idempotency key (scoped) with a keyed digest of its input: the
   * key and the change in one statement. A key used before changes nothing: what it was used
   * for comes back instead (`taken`), for the caller to compare.
   */
  async recordKeyedConsent(change: ConsentChange, key: { key: string; inputDigest: string }): Promise<{ recorded: ConsentDoc } | { taken: KeyedConsent }> {
    const written = await this.writeConsent(change, key);
    return written ? { recorded: written } : { taken: await this.keyedConsent(key.key) };
  }

  private async writeConsent(change: ConsentChange, key: { key: string; inputDigest: string } | null): Promise<ConsentDoc | null> {
    const status = change.grant ? 'ACTIVE' : 'WITHDRAWN';
    const entry = { action: status, at: change.at, policyVersion: change.policyVersion, evidence: change.evidence };
    // With a key: the key and the change in one statement; a key already taken changes nothing.
    const { rows } = await this.sql.query<{ consent: ConsentDoc }>(
      `WITH k AS (INSERT INTO consent_keys (key, subject_id, purpose, input_digest, at)
         SELECT $8::text, $1, $2, $9::text, $5::timestamptz WHERE $8::text IS NOT NULL ON CONFLICT (key) DO NOTHING RETURNING key)
       INSERT INTO consents AS c (subject_id, purpose, status, policy_version, granted_at, withdrawn_at, evidence, history)
       SELECT $1, $2, $3::text, $4,
         CASE WHEN $3 = 'ACTIVE' THEN $5::timestamptz END, CASE WHEN $3 = 'WITHDRAWN' THEN $5::timestamptz END,
         CASE WHEN $3 = 'ACTIVE' THEN $6::text END, jsonb_build_array($7::jsonb)
       WHERE $8::text IS NULL OR EXISTS (SELECT 1 FROM k)
       ON CONFLICT (subject_id, purpose) DO UPDATE SET
         status = excluded.status,
         policy_version = excluded.policy_version,
         granted_at = COALESCE(excluded.granted_at, c.granted_at),
         withdrawn_at = excluded.withdrawn_at,
         evidence = CASE WHEN excluded.status = 'ACTIVE' THEN excluded.evidence ELSE c.evidence END,
         history = c.history || excluded.history
       RETURNING ${CONSENT_JSON} AS consent`,
      [change.subjectId, change.purpose, status, change.policyVersion, change.at, change.evidence, JSON.stringify(entry), key?.key ?? null, key?.inputDigest ?? null],
    );
    return rows[0]?.consent ?? null;
  }

  /** What a consent key was used for: the digest of its input, and that consent as it stands now. */
  private async keyedConsent(key: string): Promise<KeyedConsent> {
    const { rows } = await this.sql.query<{ input_digest: string; consent: ConsentDoc | null }>(
      `SELECT k.input_digest, (SELECT ${CONSENT_JSON} FROM consents c WHERE c.subject_id = k.subject_id AND c.purpose = k.purpose) AS consent
       FROM consent_keys k WHERE k.key = $1`,
      [key],
    );
    const row = rows[0];
    if (!row) throw new TypeError('expected the consent key to be recorded, got none');
    return { consent: row.consent, inputDigest: row.input_digest };
  }

  /**
   * Records an objection to one purpose, or its withdrawal, appending it to the history, in one
   * statement. The subject must be known (`ensure`) first.
   */
  async recordObjection(change: { subjectId: string; purpose: string; object: boolean; at: string; requestId: string }): Promise<ObjectionDoc> {
    const status = change.object ? 'ACTIVE' : 'WITHDRAWN';
    const entry = { action: status, at: change.at, requestId: change.requestId };
    const { rows } = await this.sql.query<{ objection: ObjectionDoc }>(
      `INSERT INTO objections AS o (subject_id, purpose, status, objected_at, withdrawn_at, history)
       VALUES ($1, $2, $3::text, CASE WHEN $3 = 'ACTIVE' THEN $4::timestamptz END, CASE WHEN $3 = 'WITHDRAWN' THEN $4::timestamptz END, jsonb_build_array($5::jsonb))
       ON CONFLICT (subject_id, purpose) DO UPDATE SET
         status = excluded.status,
         objected_at = COALESCE(excluded.objected_at, o.objected_at),
         withdrawn_at = excluded.withdrawn_at,
         history = o.history || excluded.history
       RETURNING ${OBJECTION_JSON} AS objection`,
      [change.subjectId, change.purpose, status, change.at, JSON.stringify(entry)],
    );
    return rows[0]?.objection as ObjectionDoc;
  }

  /**
   * The subject is erased: blocked for good, no erasure pending, and no consents kept, nor their
   * history (the evidence may name the person); in one statement.
   */
  async markErased(id: string, at: string): Promise<void> {
    await this.markErasedMany([id], at);
  }

  /** markErased for a wave of erasures, in one statement. */
  async markErasedMany(ids: readonly string[], at: string): Promise<void> {
    if (ids.length === 0) return;
    await this.sql.query(
      `WITH dropped AS (DELETE FROM consents WHERE subject_id = ANY($1::text[]))
       UPDATE subjects SET erased_at = $2::timestamptz, erasing = NULL, blocked = true, blocked_reason = 'erased', updated_at = $2::timestamptz WHERE id = ANY($1::text[])`,
      [[...ids], at],
    );
  }
}
