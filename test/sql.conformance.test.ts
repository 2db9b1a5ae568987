import { createPgliteSqlClient } from '../src/sql/PgliteSqlClient';
import { defineSqlClientConformance } from './kit/sqlClientConformance';
import { openPgTestSchema } from './kit/openPgTestSchema';

// One PGlite per file (its boot costs seconds); the suite isolates tests by truncating its tables.
defineSqlClientConformance({ name: 'PGlite, in memory', kind: 'pglite', open: async () => ({ client: createPgliteSqlClient({ dataDir: null }) }) });

// The server run needs SUPPORT_TEST_DATABASE_URL: .ci/run sets it whenever 127.0.0.1:5432 answers.
const serverUrl = process.env.SUPPORT_TEST_DATABASE_URL;
if (serverUrl !== undefined && serverUrl !== '') {
  defineSqlClientConformance({ name: 'PostgreSQL server', kind: 'postgres', open: () => openPgTestSchema({ url: serverUrl, prefix: 'sqlconf' }) });
}
