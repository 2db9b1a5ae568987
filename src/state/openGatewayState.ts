import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { SqlClient } from '../sql/SqlClient';
import { createSqlClient } from '../sql/createSqlClient';
import type { Pseudonymizer } from '../subjects/Pseudonymizer';
import type { AuditLogOptions } from './AuditLog';
import { createGatewayState } from './createGatewayState';
import type { GatewayState } from './GatewayState';
import { StateSchemaError } from './migrateState';

export interface OpenGatewayStateOptions {
  /** `GATEWAY_STATE_URL` (postgres://…), or null for PGlite in `embeddedDir`. */
  readonly url: string | null;
  readonly embeddedDir: string;
  readonly pseudonymizer: Pseudonymizer;
  /** The audit chain's key, and where its checkpoints are logged. */
  readonly audit: AuditLogOptions;
  /** Tests on a shared server: the schema this state's tables live in. */
  readonly searchPath?: string;
  /** Connections of the server's pool (GATEWAY_SQL_POOL_MAX). */
  readonly poolMax?: number;
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

/** Opens the state's database (the server of `url`, or PGlite in `embeddedDir`) and builds its owners (see createGatewayState). */
export async function openGatewayState(options: OpenGatewayStateOptions): Promise<GatewayState> {
  if (!options.url) refuseDocumentStoreFiles(options.embeddedDir);
  const raw = options.url
    ? createSqlClient({ url: options.url, max: options.poolMax, ...(options.searchPath === undefined ? {} : { searchPath: options.searchPath }) })
    : createSqlClient({ url: `pglite://${options.embeddedDir}` });
  return createGatewayState({ sql: (options.wrapSql ?? ((s) => s))(raw), pseudonymizer: options.pseudonymizer, audit: options.audit, embedded: !options.url });
}
