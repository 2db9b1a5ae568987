import { createDeclaredConnector, idCategory } from '../../src/sources/engine/createDeclaredConnector';
import { generateSourceSdl } from '../../src/sources/declarations/generateSourceSdl';
import type { SourceKind } from '../../src/sources/SourceKind';
import { DeclarationError, describe } from '../../src/sources/declarations/DeclarationError';
import { checkAgainstTables } from './checkAgainstTables';
import { createSqlDriver } from './createSqlDriver';
import { ensureIdentityIndexes } from './ensureIdentityIndexes';
import { introspectTables } from './introspectTables';
import { seedEmbedded } from './seedEmbedded';

/**
 * The `postgres` and `mysql` kinds (CONTRACT.md §7): tables over the SQL port. postgres with no
 * url is PGlite under the data dir; mysql needs a server. Keys: `schema` (postgres, default
 * public), `seed` (an SQL file run once into an empty embedded database: demo data by declaration),
 * `indexes` (`check`, the default: warn about a lookup column without an index on a server;
 * `require`: refuse to start). An embedded database gets the missing indexes created.
 */
export function createSqlKind(dialect: 'postgres' | 'mysql'): SourceKind {
  return {
    kind: dialect,
    keys: ['schema', 'seed', 'indexes'],
    collectionKeys: [],
    requiresUrl: dialect === 'mysql',
    async open(declaration, context) {
      const url = typeof declaration.options.url === 'string' ? declaration.options.url : null;
      const indexes = declaration.options.indexes;
      if (indexes !== undefined && indexes !== 'check' && indexes !== 'require') throw new DeclarationError(declaration.file, `sources.${declaration.name}.indexes`, '"check" or "require"', describe(indexes));
      const sql = context.openSql({ url, name: declaration.name });
      try {
        const schema = dialect === 'mysql' ? null : typeof declaration.options.schema === 'string' ? declaration.options.schema : 'public';
        const tables = declaration.collections.map((c) => c.table);
        let shapes = await introspectTables(sql, schema, tables);
        const seed = declaration.options.seed;
        if (typeof seed === 'string' && (url === null || context.seed) && tables.some((t) => !shapes.has(t))) {
          await seedEmbedded({ sql, file: seed, dir: String(declaration.options.dir) });
          shapes = await introspectTables(sql, schema, tables);
        }
        const checked = checkAgainstTables(declaration, shapes);
        await ensureIdentityIndexes({ sql, source: checked, dialect, schema, embedded: url === null, onWarning: context.onWarning });
        return createDeclaredConnector({
          declaration: checked,
          // Embedded, the files are the gateway's: destructive writes are reclaimed physically (createReclaimer).
          driver: createSqlDriver({ sql, schema, ownsClient: true, embedded: url === null && dialect === 'postgres' }),
          typeDefs: generateSourceSdl(checked, idCategory),
          hashKey: context.hashKey,
        });
      } catch (error) {
        await sql.close();
        throw error;
      }
    },
  };
}
