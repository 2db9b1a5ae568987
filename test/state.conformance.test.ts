import { randomBytes } from 'node:crypto';
import { createPgliteSqlClient } from '../src/sql/PgliteSqlClient';
import { createPgSqlClient } from '../src/sql/PgSqlClient';
import { createGatewayState } from '../src/state/createGatewayState';
import { openGatewayState } from '../src/state/openGatewayState';
import { createPseudonymizer } from '../src/subjects/Pseudonymizer';
import { defineStateConformance } from './kit/stateConformance';

const pseudonymizer = createPseudonymizer('state-conformance-key');
const audit = { key: 'state-conformance-audit-key-of-32-characters' };

// Embedded: one PGlite per file (its boot costs seconds). A directory belongs to one process, so
// the two "instances" share its one connection, as two workers of one gateway would.
defineStateConformance('PGlite, embedded', async () => {
  const sql = createPgliteSqlClient({ dataDir: null });
  const shared = { ...sql, close: async () => undefined };
  return { open: () => createGatewayState({ sql: shared, pseudonymizer, audit }), teardown: () => sql.close() };
});

// A server: each instance is a pool of its own, as two gateway processes would be, in a schema
// made for this run and dropped afterwards. .ci/run sets the variables when 127.0.0.1:5432 answers.
const serverUrl = process.env.GATEWAY_TEST_STATE_URL || process.env.SUPPORT_TEST_DATABASE_URL;
if (serverUrl) {
  defineStateConformance('PostgreSQL server', async () => {
    const schema = `state_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = createPgSqlClient({ connectionString: serverUrl, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    return {
      open: () => openGatewayState({ url: serverUrl, embeddedDir: '/nonexistent', pseudonymizer, audit, searchPath: schema }),
      teardown: async () => {
        try {
          await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await admin.close();
        }
      },
    };
  });
}
