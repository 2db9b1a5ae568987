import { createReclaimer } from '../sql/createReclaimer';
import type { SqlClient } from '../sql/SqlClient';
import type { Pseudonymizer } from '../subjects/Pseudonymizer';
import type { AuditLogOptions } from './AuditLog';
import { AuditLog } from './AuditLog';
import { DsrLedger } from './DsrLedger';
import type { GatewayState } from './GatewayState';
import { LegalHolds } from './LegalHolds';
import { MetaMarkers } from './MetaMarkers';
import { Disclosures } from './Disclosures';
import { migrateState } from './migrateState';
import { RetentionRuns } from './RetentionRuns';
import { SubjectRegistry } from './SubjectRegistry';

/** The state's tables whose rows held a subject's values until an erasure cleared them. */
const VALUE_TABLES = ['consents', 'subjects', 'dsr_requests', 'dsr_tasks'];

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
  try {
    await migrateState(sql);
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
    meta: new MetaMarkers(sql),
    retention: new RetentionRuns(sql),
    reclaim: async () => {
      if (reclaim) await reclaim(VALUE_TABLES);
    },
    disclosures: new Disclosures(sql),
    ping: () => sql.ping(),
    close: async () => {
      // What completed erasures left in the files goes before the files are let go.
      await reclaim?.flush().catch(() => undefined);
      await sql.close();
    },
  };
}
