import type { SqlClient } from '../sql/SqlClient';
import type { Pseudonymizer } from '../subjects/Pseudonymizer';
import { AuditLog } from './AuditLog';
import { DsrLedger } from './DsrLedger';
import type { GatewayState } from './GatewayState';
import { LegalHolds } from './LegalHolds';
import { MetaMarkers } from './MetaMarkers';
import { Disclosures } from './Disclosures';
import { migrateState } from './migrateState';
import { RetentionRuns } from './RetentionRuns';
import { SubjectRegistry } from './SubjectRegistry';

/**
 * The state's owners over an open client, once its schema is up to date (see migrateState).
 * The state owns the client from here on: closing the state closes it, also when migrating fails.
 */
export async function createGatewayState(options: { sql: SqlClient; pseudonymizer: Pseudonymizer }): Promise<GatewayState> {
  const { sql } = options;
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
    audit: new AuditLog(sql),
    holds: new LegalHolds(sql),
    meta: new MetaMarkers(sql),
    retention: new RetentionRuns(sql),
    disclosures: new Disclosures(sql),
    ping: () => sql.ping(),
    close: () => sql.close(),
  };
}
