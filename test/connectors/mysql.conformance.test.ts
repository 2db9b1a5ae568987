import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConnectorConformance } from '../kit/connectorConformance';
import { mysqlTestServer } from '../kit/mysqlTestServer';
import { openDeclaredSource } from '../kit/openDeclaredSource';
import { openMysqlTestDatabase } from '../kit/openMysqlTestDatabase';
import { email, phone } from './supportFixture';

/**
 * The shared connector suite against a declared `mysql` source on this machine's MariaDB: a CRM
 * table and its notes (a reference), restricted by the table's own flag. Skipped, saying why, where
 * no server answers.
 */
const server = mysqlTestServer();
if (!('url' in server)) console.warn(`mysql.conformance: SKIPPED: ${server.skipped}`);

const DECLARATION = `sources:
  crm:
    kind: mysql
    url: \${CRM_DATABASE_URL}
    collections:
      contacts:
        identities: { EMAIL: email, PHONE: phone }
        profile: { name: full_name }
        createdAt: created_at
        restrictFlag: blocked
        fields:
          fullName: { from: full_name, category: identity.name }
          createdAt: { from: created_at, category: null }
      notes:
        links: [{ from: contacts.id, to: contact_id }]
        restrictFlag: blocked
        fields:
          body: { category: support.message }
`;

const withServer = 'url' in server ? describe : describe.skip;

withServer('kind mysql on a MariaDB or MySQL server', () => {
  defineConnectorConformance({
    name: 'crm (kind mysql, MariaDB server)',
    setup: async () => {
      const db = await openMysqlTestDatabase({ url: (server as { url: string }).url, prefix: 'crmconf' });
      await db.client.query('CREATE TABLE contacts (id INT PRIMARY KEY, email VARCHAR(200) NULL, phone VARCHAR(40) NULL, full_name VARCHAR(200) NULL, blocked BOOLEAN NOT NULL DEFAULT FALSE, created_at DATETIME NOT NULL)');
      await db.client.query('CREATE TABLE notes (id INT PRIMARY KEY, contact_id INT NOT NULL, body TEXT NOT NULL, blocked BOOLEAN NOT NULL DEFAULT FALSE)');
      await db.client.query("INSERT INTO contacts VALUES (1, 'p1@example.com', '+79990001001', 'P One', FALSE, '2026-01-01 10:00:00'), (2, 'p2@example.com', NULL, 'P Two', FALSE, '2026-01-02 10:00:00'), (3, NULL, '+79990001003', 'P Three', FALSE, '2026-01-03 10:00:00')");
      await db.client.query("INSERT INTO notes VALUES (10, 1, 'first', FALSE), (11, 1, 'second', FALSE), (20, 2, 'only', FALSE), (30, 3, 'a', FALSE), (31, 3, 'b', FALSE), (32, 3, 'c', FALSE)");
      const file = path.join(os.tmpdir(), `crmconf-${process.pid}-${Date.now()}.yaml`);
      writeFileSync(file, DECLARATION);
      const connector = await openDeclaredSource({ name: 'crm', file, sql: db.client, env: { CRM_DATABASE_URL: db.url } });
      return {
        connector,
        subjects: [
          { identities: [email('p1@example.com'), phone('+79990001001')], records: 3 },
          { identities: [email('p2@example.com')], records: 2 },
          { identities: [phone('+79990001003')], records: 4 },
        ],
        unknown: email('nobody@example.com'),
        teardown: async () => {
          await connector.close();
          await db.teardown();
        },
      };
    },
  });
});
