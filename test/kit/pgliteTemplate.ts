import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedEmbedded } from '../../connectors/sql/seedEmbedded';
import { createPgliteSqlClient } from '../../src/sql/PgliteSqlClient';
import type { SqlClient } from '../../src/sql/SqlClient';
import { migrateState, migrationChecksum } from '../../src/state/migrateState';
import { STATE_MIGRATIONS } from '../../src/state/migrations';

/** The installed PGlite's version names the template (the package does not export its package.json). */
const PGLITE_VERSION: string = (JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string }).version;

/** A PGlite data dir after initdb and the helpdesk migration, made once per machine and PGlite version. */
export const PGLITE_TEMPLATE = path.join(os.tmpdir(), `privacy-gateway-pglite-template-${PGLITE_VERSION}`);

/** The same for the gateway's state, per set of migrations too: a new migration makes a new template. */
const STATE_MIGRATIONS_ID = createHash('sha256').update(STATE_MIGRATIONS.map(migrationChecksum).join(',')).digest('hex').slice(0, 12);
export const PGLITE_STATE_TEMPLATE = path.join(os.tmpdir(), `privacy-gateway-pglite-state-${PGLITE_VERSION}-${STATE_MIGRATIONS_ID}`);

/** Builds `template` once (under a temporary name, then renamed: a reader never sees half of one). */
async function ensureTemplate(template: string, migrate: (sql: SqlClient) => Promise<unknown>): Promise<string> {
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  const building = `${template}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const sql = createPgliteSqlClient({ dataDir: building });
  await migrate(sql);
  await sql.close();
  try {
    renameSync(building, template);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another process won the race: its template is as good
  }
  return template;
}

/**
 * A fresh PGlite costs seconds (WASM + initdb); opening a copy of an initialised data dir costs
 * a fraction of that. Jest's global setup makes the templates once; every test gateway copies
 * them: the helpdesk's and the gateway state's.
 */
export async function ensurePgliteTemplate(): Promise<string> {
  // The demo helpdesk's tables, as its declaration's `seed:` creates them.
  const migrateSupport = (sql: SqlClient) => seedEmbedded({ sql, file: 'support-schema.sql', dir: path.join(__dirname, '..', '..', 'sources') });
  await Promise.all([ensureTemplate(PGLITE_TEMPLATE, migrateSupport), ensureTemplate(PGLITE_STATE_TEMPLATE, migrateState)]);
  return PGLITE_TEMPLATE;
}

/** Copies a template into `dir`; without one, the gateway runs initdb itself. */
function copyTemplate(template: string, dir: string): void {
  if (!existsSync(path.join(template, 'PG_VERSION'))) return;
  cpSync(template, dir, { recursive: true });
}

/** Copies the helpdesk template into `dir` (the gateway's `<dataDir>/support`). */
export const copyPgliteTemplate = (dir: string): void => copyTemplate(PGLITE_TEMPLATE, dir);

/** Copies the state template into `dir` (the gateway's `<dataDir>/state`). */
export const copyStateTemplate = (dir: string): void => copyTemplate(PGLITE_STATE_TEMPLATE, dir);
