import type { SqlClient } from '../sql/SqlClient';
import type { AuditLog } from './AuditLog';
import type { DsrLedger } from './DsrLedger';
import type { IdentityClaims } from './IdentityClaims';
import type { LegalHolds } from './LegalHolds';
import type { Disclosures } from './Disclosures';
import type { MetaMarkers } from './MetaMarkers';
import type { Outbox } from './Outbox';
import type { RetentionRuns } from './RetentionRuns';
import type { SubjectRegistry } from './SubjectRegistry';

/**
 * The gateway's own state: its tables behind the SQL port (PGlite under GATEWAY_DATA_DIR/state,
 * or the PostgreSQL server of GATEWAY_STATE_URL), each table written by its one owner here.
 * Nothing of it is held in memory beyond a statement's rows.
 */
export interface GatewayState {
  /** The database itself: for readiness, and for tests that look at the tables directly. */
  readonly sql: SqlClient;
  readonly ledger: DsrLedger;
  readonly registry: SubjectRegistry;
  readonly audit: AuditLog;
  readonly holds: LegalHolds;
  /** Which subject a rectification gave a new email or phone: one subject per value. */
  readonly identityClaims: IdentityClaims;
  readonly meta: MetaMarkers;
  readonly retention: RetentionRuns;
  /**
   * Embedded (PGlite) only: rewrites the tables that held an erased subject's values (consents,
   * the subject registry, the requests' keys) and switches the write-ahead log out, so no file
   * keeps them. A server's storage is its operator's: there this does nothing. Rounds are spaced
   * (one a second at most, covering every call meanwhile); closing the state runs the one still
   * waiting first.
   */
  reclaim(): Promise<void>;
  readonly disclosures: Disclosures;
  /** Notices owed to recipients and sources (art. 19, consent changes), sent by the callback deliverer. */
  readonly outbox: Outbox;
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
