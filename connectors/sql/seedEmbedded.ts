import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SqlClient } from '../../src/sql/SqlClient';

/**
 * Runs a declared `seed:` SQL file into an embedded database (demo data for a declared system), one
 * statement at a time as the port requires. Only into a database that lacks the tables: a restart
 * never brings erased rows back.
 */
export async function seedEmbedded(options: { sql: SqlClient; file: string; dir: string }): Promise<void> {
  const text = readFileSync(path.resolve(options.dir, options.file), 'utf8');
  const statements = text.split(/;\s*(?:\n|$)/).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean);
  await options.sql.transaction(async (tx) => {
    for (const statement of statements) await tx.query(statement);
  });
}
