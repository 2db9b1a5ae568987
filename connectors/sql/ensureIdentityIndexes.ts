import { DeclarationError } from '../../src/sources/declarations/DeclarationError';
import type { SourceDeclaration } from '../../src/sources/declarations/SourceDeclaration';
import type { SqlQueryable } from '../../src/sql/SqlClient';
import { createIndexStatement, indexedColumns, lookupColumns } from './identityIndexes';

/**
 * Lookups by identity must stay flat as the data grows, so every column a lookup filters on needs
 * an index. An embedded database is the gateway's own: the missing ones are created. A server's
 * schema belongs to its owner: the gateway only checks, and warns naming each missing index with
 * the statement that would create it — or, with `indexes: require`, refuses to start.
 */
export async function ensureIdentityIndexes(options: {
  sql: SqlQueryable;
  source: SourceDeclaration;
  dialect: 'postgres' | 'mysql';
  schema: string | null;
  embedded: boolean;
  onWarning?: (message: string) => void;
}): Promise<void> {
  const { sql, source, schema } = options;
  const wanted = lookupColumns(source);
  if (wanted.length === 0) return;
  const have = await indexedColumns(sql, { dialect: options.dialect, schema });
  const missing = wanted.filter((l) => !have.has(`${l.table}\u0000${l.column}`));
  if (missing.length === 0) return;
  if (options.embedded) {
    for (const l of missing) await sql.query(createIndexStatement(l, schema));
    return;
  }
  const named = missing.map((l) => `${l.table}.${l.column} (${createIndexStatement(l, schema)})`).join('; ');
  if (source.options.indexes === 'require') {
    throw new DeclarationError(source.file, `sources.${source.name}.indexes`, 'an index on every column a subject is looked up by', `none on ${named}`);
  }
  options.onWarning?.(`sources.${source.name}: no index on ${named}: every subject lookup scans the table`);
}
