/**
 * The gateway's own tables, as versioned migrations: `migrateState` applies, at start-up and in
 * order, every version the database has not recorded in `schema_migrations`. An applied
 * migration is never edited (its checksum is recorded and checked): a change is a new version.
 *
 * The same statements run on PGlite and on a PostgreSQL server. Times are `timestamptz`, shown
 * to the code as ISO strings; documents that are only ever read whole (a certificate, an
 * erasure plan) are `jsonb`. Each table has one owner under src/state, the only module writing it.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** One statement per entry: the SQL port refuses several in one text. */
  readonly statements: readonly string[];
}

const OPEN = "('PENDING', 'IN_PROGRESS')";

export const STATE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'gateway state: meta, subjects, consents, request ledger, legal holds, audit chain',
    statements: [
      // Owner: MetaMarkers. One-off facts about this deployment (the demo was seeded, …).
      `CREATE TABLE gateway_meta (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      // Owner: SubjectRegistry. Never an identity in clear: keyed hashes only.
      `CREATE TABLE subjects (
        id text PRIMARY KEY,
        blocked boolean NOT NULL DEFAULT false,
        blocked_reason text,
        erasing text,
        erased_at timestamptz,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE TABLE subject_identities (
        identity_hash text NOT NULL,
        subject_id text NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
        PRIMARY KEY (identity_hash, subject_id)
      )`,
      'CREATE INDEX subject_identities_subject_idx ON subject_identities (subject_id)',
      // Owner: SubjectRegistry too. The current decision per purpose, its history appended in place.
      `CREATE TABLE consents (
        subject_id text NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
        purpose text NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'WITHDRAWN')),
        policy_version text NOT NULL,
        granted_at timestamptz,
        withdrawn_at timestamptz,
        evidence text,
        history jsonb NOT NULL DEFAULT '[]'::jsonb,
        PRIMARY KEY (subject_id, purpose)
      )`,
      // Owner: DsrLedger (requests, their tasks, their callback notices).
      `CREATE TABLE dsr_requests (
        id text PRIMARY KEY,
        type text NOT NULL CHECK (type IN ('EXPORT', 'BLOCK', 'UNBLOCK', 'ERASE', 'RECTIFY')),
        status text NOT NULL CHECK (status IN ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED')),
        subject_id text,
        identity_hashes text[] NOT NULL,
        identities jsonb,
        identities_complete boolean NOT NULL DEFAULT false,
        reason text,
        client text NOT NULL,
        created_at timestamptz NOT NULL,
        completed_at timestamptz,
        due_at timestamptz NOT NULL,
        extended_reason text,
        idempotency_key text NOT NULL UNIQUE,
        already_erased boolean NOT NULL DEFAULT false,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        export jsonb,
        certificate jsonb,
        last_error text,
        lease_owner text,
        lease_until timestamptz,
        not_before timestamptz
      )`,
      // The worker's claim scans open requests only, oldest first.
      `CREATE INDEX dsr_requests_open_idx ON dsr_requests (created_at, id) WHERE status IN ${OPEN}`,
      'CREATE INDEX dsr_requests_created_idx ON dsr_requests (created_at DESC, id DESC)',
      'CREATE INDEX dsr_requests_type_status_idx ON dsr_requests (type, status, created_at DESC, id DESC)',
      'CREATE INDEX dsr_requests_identity_idx ON dsr_requests USING gin (identity_hashes)',
      'CREATE INDEX dsr_requests_subject_idx ON dsr_requests (subject_id, type)',
      `CREATE TABLE dsr_tasks (
        request_id text NOT NULL REFERENCES dsr_requests (id) ON DELETE CASCADE,
        idx integer NOT NULL,
        source text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'IN_PROGRESS', 'DONE', 'FAILED', 'SKIPPED')),
        action text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        records integer,
        last_error text,
        updated_at timestamptz,
        not_before timestamptz,
        plan jsonb,
        completed_at timestamptz,
        PRIMARY KEY (request_id, idx)
      )`,
      `CREATE TABLE dsr_callbacks (
        request_id text PRIMARY KEY REFERENCES dsr_requests (id) ON DELETE CASCADE,
        url text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0,
        next_at timestamptz,
        last_error text
      )`,
      "CREATE INDEX dsr_callbacks_due_idx ON dsr_callbacks (next_at) WHERE status = 'PENDING'",
      // Owner: LegalHolds. Records an erasure kept under a hold, destroyed when the hold ends.
      `CREATE TABLE legal_holds (
        source text NOT NULL,
        record_id text NOT NULL,
        until timestamptz NOT NULL,
        hold text NOT NULL,
        request_id text NOT NULL,
        purged_at timestamptz,
        PRIMARY KEY (source, record_id)
      )`,
      'CREATE INDEX legal_holds_due_idx ON legal_holds (until) WHERE purged_at IS NULL',
      // Owner: AuditLog. The chain's events, and its head: the row every append locks.
      `CREATE TABLE audit_events (
        seq bigint PRIMARY KEY,
        id text NOT NULL UNIQUE,
        at timestamptz NOT NULL,
        request_id text NOT NULL,
        client text NOT NULL,
        roles text[] NOT NULL,
        purpose text NOT NULL,
        operation text,
        subject_ids text[] NOT NULL,
        categories text[] NOT NULL,
        denied text[] NOT NULL,
        policy_version text NOT NULL,
        outcome text NOT NULL,
        prev_hash text,
        hash text NOT NULL
      )`,
      'CREATE INDEX audit_events_subjects_idx ON audit_events USING gin (subject_ids)',
      `CREATE TABLE audit_head (
        id smallint PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text
      )`,
      'INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, NULL)',
    ],
  },
  {
    version: 2,
    name: 'request ledger: closures sealed under a key per request (crypto-shredding)',
    statements: [
      // Owner: DsrLedger. The identity closure and a rectification's values, under the request's key.
      'ALTER TABLE dsr_requests ADD COLUMN sealed text',
      // Owner: DsrLedger. Deleted when the request completes: what `sealed` held is unreadable from then on.
      `CREATE TABLE dsr_request_keys (
        request_id text PRIMARY KEY REFERENCES dsr_requests (id) ON DELETE CASCADE,
        key text NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    name: 'keyed and anchored audit chain; refusals audited with their code',
    statements: [
      // Refusals are audit events too: the contract's code, and whether the client was verified.
      'ALTER TABLE audit_events ADD COLUMN code text',
      'ALTER TABLE audit_events ADD COLUMN client_verified boolean NOT NULL DEFAULT true',
      // Events before keyed_from were hashed with plain SHA-256 (version 1); from it on, HMAC with GATEWAY_AUDIT_KEY.
      'ALTER TABLE audit_head ADD COLUMN keyed_from bigint NOT NULL DEFAULT 1',
      'UPDATE audit_head SET keyed_from = seq + 1',
      // The head signed with the audit key: a head moved back by hand no longer verifies.
      'ALTER TABLE audit_head ADD COLUMN signature text',
      // Owner: AuditLog. Signed copies of the head, kept outside the chain: a cut below one is noticed.
      `CREATE TABLE audit_checkpoints (
        seq bigint PRIMARY KEY,
        hash text,
        at timestamptz NOT NULL,
        signature text NOT NULL
      )`,
    ],
  },
  {
    version: 4,
    name: 'retention clock (its runs, the slot instances claim); objections to one purpose; when a request was received; disclosures to recipients',
    statements: [
      // Owner: RetentionRuns. One row per run of the retention clock, read by `retentionRuns`.
      `CREATE TABLE retention_runs (
        id text PRIMARY KEY,
        holder text NOT NULL,
        started_at timestamptz NOT NULL,
        completed_at timestamptz,
        sources jsonb NOT NULL DEFAULT '[]'::jsonb,
        failed_sources text[] NOT NULL DEFAULT '{}',
        sha256 text
      )`,
      'CREATE INDEX retention_runs_started_idx ON retention_runs (started_at DESC, id DESC)',
      // Owner: RetentionRuns too. The next slot: the instance that moves it forward runs, no other.
      `CREATE TABLE retention_schedule (
        name text PRIMARY KEY,
        next_run_at timestamptz NOT NULL,
        holder text NOT NULL
      )`,
      // Owner: SubjectRegistry. An objection to one purpose (GDPR art. 21), its history appended in place.
      `CREATE TABLE objections (
        subject_id text NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
        purpose text NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'WITHDRAWN')),
        objected_at timestamptz,
        withdrawn_at timestamptz,
        history jsonb NOT NULL DEFAULT '[]'::jsonb,
        PRIMARY KEY (subject_id, purpose)
      )`,
      // Requests of type OBJECTION: the objection (or its withdrawal) on the record, like any request.
      'ALTER TABLE dsr_requests DROP CONSTRAINT dsr_requests_type_check',
      `ALTER TABLE dsr_requests ADD CONSTRAINT dsr_requests_type_check CHECK (type IN ('EXPORT', 'BLOCK', 'UNBLOCK', 'ERASE', 'RECTIFY', 'OBJECTION'))`,
      // When the subject's request reached the controller: its deadline counts from it.
      'ALTER TABLE dsr_requests ADD COLUMN received_at timestamptz',
      // Owner: Disclosures. What a read disclosed to a recipient outside the company, per subject.
      `CREATE TABLE disclosures (
        id bigserial PRIMARY KEY,
        subject_id text NOT NULL,
        recipient text NOT NULL,
        purpose text NOT NULL,
        categories text[] NOT NULL,
        at timestamptz NOT NULL,
        request_id text NOT NULL
      )`,
      'CREATE INDEX disclosures_subject_idx ON disclosures (subject_id, at DESC, id DESC)',
    ],
  },
  {
    version: 5,
    name: 'notices outbox: signed notices to recipients (GDPR art. 19) and consent changes to the systems acting on them; audit events of clock acts',
    statements: [
      // Owner: Outbox. One row per notice owed to a recipient or a source, delivered signed and retried
      // by the same deliverer as request callbacks. The id is derived from what caused it, so an
      // enqueue redone after a crash adds nothing. `body` is what is signed and sent; it holds the
      // receiver's own reference to the subject, and is cleared once the notice is delivered or given up.
      `CREATE TABLE outbox (
        id text PRIMARY KEY,
        event text NOT NULL,
        receiver_kind text NOT NULL CHECK (receiver_kind IN ('RECIPIENT', 'SOURCE')),
        receiver text NOT NULL,
        subject_id text NOT NULL,
        cause_id text NOT NULL,
        categories text[] NOT NULL,
        url text,
        body text,
        status text NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'NO_CHANNEL')),
        attempts integer NOT NULL DEFAULT 0,
        next_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz
      )`,
      "CREATE INDEX outbox_due_idx ON outbox (next_at) WHERE status = 'PENDING'",
      'CREATE INDEX outbox_subject_idx ON outbox (subject_id, created_at DESC, id)',
      'CREATE INDEX outbox_cause_idx ON outbox (cause_id)',
      // Clock acts in the chain (a retention run): its id, counts and sha256; null on accesses.
      'ALTER TABLE audit_events ADD COLUMN act jsonb',
    ],
  },
  {
    version: 6,
    name: 'idempotency keys of consent changes; identities claimed by rectifications',
    statements: [
      // Owner: SubjectRegistry. A consent change recorded under a caller's key (scoped to the client), with a keyed digest of its input.
      `CREATE TABLE consent_keys (
        key text PRIMARY KEY,
        subject_id text NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
        purpose text NOT NULL,
        input_digest text NOT NULL,
        at timestamptz NOT NULL
      )`,
      // Owner: IdentityClaims. The subject a rectification gave a new email or phone (keyed hash): one subject per value.
      `CREATE TABLE identity_claims (
        identity_hash text PRIMARY KEY,
        subject_id text NOT NULL,
        request_id text NOT NULL,
        at timestamptz NOT NULL
      )`,
      'CREATE INDEX identity_claims_request_idx ON identity_claims (request_id)',
    ],
  },
  {
    version: 7,
    name: 'audit append as one function: a group of events, their disclosures and the head in one call',
    statements: [
      // Owner: AuditLog. The one writer of audit_events and audit_head, and of the disclosures of
      // the reads those events record: a group of chained events and their disclosures land with
      // the head in one call, or nothing does. The head is locked first; if it is no longer where
      // the caller chained from (another instance appended), nothing is written and the locked
      // head is handed back. PL/pgSQL keeps its statements' plans for the session, so an append
      // costs a call, not the parse and plan of a CTE over two recordsets (the read path's audit).
      `CREATE FUNCTION audit_append(events jsonb, disclosed jsonb, expected bigint, new_seq bigint, new_hash text, new_signature text,
          OUT head_seq bigint, OUT head_hash text, OUT appended boolean)
        LANGUAGE plpgsql AS $append$
        BEGIN
          SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit_head h WHERE h.id = 1 FOR UPDATE;
          appended := FOUND AND head_seq = expected;
          IF NOT appended THEN
            RETURN;
          END IF;
          INSERT INTO audit_events (seq, id, at, request_id, client, roles, purpose, operation, subject_ids, categories, denied, policy_version, outcome, prev_hash, hash, code, client_verified, act)
            SELECT x."seq", x."_id", x."at", x."requestId", x."client", x."roles", x."purpose", x."operation", x."subjectIds", x."categories", x."denied", x."policyVersion", x."outcome",
              x."prevHash", x."hash", x."code", COALESCE(x."clientVerified", true), x."act"
            FROM jsonb_to_recordset(events) AS x("seq" bigint, "_id" text, "at" timestamptz, "requestId" text, "client" text, "roles" text[], "purpose" text, "operation" text,
              "subjectIds" text[], "categories" text[], "denied" text[], "policyVersion" text, "outcome" text, "prevHash" text, "hash" text, "code" text, "clientVerified" boolean, "act" jsonb);
          INSERT INTO disclosures (subject_id, recipient, purpose, categories, at, request_id)
            SELECT x."subjectId", x."recipient", x."purpose", x."categories", x."at", x."requestId"
            FROM jsonb_to_recordset(disclosed) AS x("subjectId" text, "recipient" text, "purpose" text, "categories" text[], "at" timestamptz, "requestId" text);
          UPDATE audit_head SET seq = new_seq, hash = new_hash, signature = new_signature WHERE id = 1;
        END
        $append$`,
    ],
  },
];
