import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { SqlClient } from '../sql/SqlClient';
import { createSqlClient } from '../sql/createSqlClient';
import type { Pseudonymizer } from '../subjects/Pseudonymizer';
import { AuditLog } from './AuditLog';
import { ConsentRegistry } from './ConsentRegistry';
import { DsrLedger } from './DsrLedger';
import type { GatewayState } from './GatewayState';
import { LegalHolds } from './LegalHolds';
import { MetaMarkers } from './MetaMarkers';
import { migrateState, StateSchemaError } from './migrateState';
import { SubjectRegistry } from './SubjectRegistry';

export interface OpenGatewayStateOptions {
  /** `GATEWAY_STATE_URL` (postgres://…), or null for PGlite in `embeddedDir`. */
  readonly url: string | null;
  readonly embeddedDir: string;
  readonly pseudonymizer: Pseudonymizer;
  /** Tests on a shared server: the schema this state's tables live in. */
  readonly searchPath?: string;
  /** Wraps the client (tests count or break statements). */
  readonly wrapSql?: (sql: SqlClient) => SqlClient;
}

/**
 * Earlier versions kept the state in document-store files (`*.db`) in the same directory. PGlite
 * must not initialise a cluster over them, and they must not be silently ignored either.
 */
function refuseDocumentStoreFiles(dir: string): void {
  if (!existsSync(dir) || existsSync(path.join(dir, 'PG_VERSION'))) return;
  if (readdirSync(dir).some((name) => name.endsWith('.db'))) {
    throw new StateSchemaError(`expected ${dir} to hold the embedded PostgreSQL state, got document-store files (*.db) of an earlier version: move the directory aside to start on an empty state`);
  }
}

/** Opens the state's database, brings its schema up to date (see migrateState), and builds the owners. */
export async function openGatewayState(options: OpenGatewayStateOptions): Promise<GatewayState> {
  if (!options.url) refuseDocumentStoreFiles(options.embeddedDir);
  const raw = options.url
    ? createSqlClient({ url: options.url, ...(options.searchPath === undefined ? {} : { searchPath: options.searchPath }) })
    : createSqlClient({ url: `pglite://${options.embeddedDir}` });
  const sql = (options.wrapSql ?? ((s) => s))(raw);
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
    consents: new ConsentRegistry(sql),
    audit: new AuditLog(sql),
    holds: new LegalHolds(sql),
    meta: new MetaMarkers(sql),
    ping: () => sql.ping(),
    close: () => sql.close(),
  };
}
