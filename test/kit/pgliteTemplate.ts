import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPgliteSqlClient } from '../../src/sql/PgliteSqlClient';
import { seedEmbedded } from '../../connectors/sql/seedEmbedded';

import { readFileSync } from 'node:fs';

/** The installed PGlite's version names the template (the package does not export its package.json). */
const PGLITE_VERSION: string = (JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string }).version;

/** A PGlite data dir after initdb and the demo helpdesk's tables, made once per machine and PGlite version. */
export const PGLITE_TEMPLATE = path.join(os.tmpdir(), `privacy-gateway-pglite-template-${PGLITE_VERSION}`);

/**
 * A fresh PGlite costs seconds (WASM + initdb); opening a copy of an initialised data dir costs
 * a fraction of that. Jest's global setup makes the template once; every test gateway copies it.
 */
export async function ensurePgliteTemplate(): Promise<string> {
  if (existsSync(path.join(PGLITE_TEMPLATE, 'PG_VERSION'))) return PGLITE_TEMPLATE;
  const building = `${PGLITE_TEMPLATE}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const sql = createPgliteSqlClient({ dataDir: building });
  // The demo helpdesk's tables, as its declaration's `seed:` creates them.
  await seedEmbedded({ sql, file: 'support-schema.sql', dir: path.join(__dirname, '..', '..', 'sources') });
  await sql.close();
  try {
    renameSync(building, PGLITE_TEMPLATE);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another process won the race: its template is as good
  }
  return PGLITE_TEMPLATE;
}

/** Copies the template into `dir` (the gateway's `<dataDir>/support`). */
export function copyPgliteTemplate(dir: string): void {
  if (!existsSync(path.join(PGLITE_TEMPLATE, 'PG_VERSION'))) return; // no template: the gateway runs initdb itself
  cpSync(PGLITE_TEMPLATE, dir, { recursive: true });
}
