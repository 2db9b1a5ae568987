import { createReclaimer } from '../sql/createReclaimer';
import type { SqlClient } from '../sql/SqlClient';
import type { Pseudonymizer } from '../subjects/Pseudonymizer';
import type { AuditLogOptions } from './AuditLog';
import { AuditLog } from './AuditLog';
import { DsrLedger } from './DsrLedger';
import type { GatewayState } from './GatewayState';
import { IdentityClaims } from './IdentityClaims';
import { LegalHolds } from './LegalHolds';
import { MetaMarkers } from './MetaMarkers';
import { Disclosures } from './Disclosures';
import { migrateState } from './migrateState';
import { Outbox } from './Outbox';
import { RetentionRuns } from './RetentionRuns';
import { SubjectRegistry } from './SubjectRegistry';

/**
 * The state's tables whose rows held a subject's values until an erasure cleared them. A request's
 * closure is stored sealed under a key of its own (dsr_request_keys) and completion deletes the key:
 * once the key's old row versions are rewritten away, the ciphertext left in dsr_requests' old row
 * versions opens for no one, so that table (it grows with every request ever made) is not rewritten.
 * Nor is dsr_tasks: completion clears nothing there (a task's plan stays what the certificate says).
 * The outbox is: a notice's body (the recipient's reference to the subject) is cleared once delivered.
 */
const VALUE_TABLES = ['consents', 'subjects', 'dsr_request_keys', 'outbox'];

/** Requests recorded before closures were sealed (migration 2) hold identities in clear until they complete. */
const CLEAR_REQUESTS = 'SELECT EXISTS (SELECT 1 FROM dsr_requests WHERE identities IS NOT NULL) AS clear';

/**
 * Least time between two rounds of the state's reclaim: a round rewrites whole tables, whatever
 * the erasures it covers, so under load one round a second covers every erasure of that second.
 */
const STATE_RECLAIM_SPACING_MS = 1000;

/**
 * The state's owners over an open client, once its schema is up to date (see migrateState).
 * The state owns the client from here on: closing the state closes it, also when migrating fails.
 */
export async function createGatewayState(options: { sql: SqlClient; pseudonymizer: Pseudonymizer; audit: AuditLogOptions; embedded?: boolean }): Promise<GatewayState> {
  const { sql } = options;
  const reclaim = options.embedded ? createReclaimer(sql, { spacingMs: STATE_RECLAIM_SPACING_MS }) : null;
  let tables = VALUE_TABLES;
  try {
    await migrateState(sql);
    // New requests are never stored in clear: only a state with such rows left rewrites the ledger too.
    if (reclaim && (await sql.query<{ clear: boolean }>(CLEAR_REQUESTS)).rows[0]?.clear) tables = [...VALUE_TABLES, 'dsr_requests'];
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
  return {
    sql,
    ledger: new DsrLedger(sql),
    registry: new SubjectRegistry(sql, options.pseudonymizer),
    audit: new AuditLog(sql, options.audit),
    holds: new LegalHolds(sql),
    identityClaims: new IdentityClaims(sql),
    meta: new MetaMarkers(sql),
    retention: new RetentionRuns(sql),
    reclaim: async () => {
      if (reclaim) await reclaim(tables);
    },
    disclosures: new Disclosures(sql),
    outbox: new Outbox(sql),
    ping: () => sql.ping(),
    close: async () => {
      // What completed erasures left in the files goes before the files are let go.
      await reclaim?.flush().catch(() => undefined);
      await sql.close();
    },
  };
}
