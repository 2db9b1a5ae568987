import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SOURCES_FILE } from '../src/config';
import type { SqlClient } from '../src/sql/SqlClient';
import { mutate, waitFor } from './kit/dsr';
import { mysqlTestServer } from './kit/mysqlTestServer';
import { openMysqlTestDatabase } from './kit/openMysqlTestDatabase';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from './kit/startTestGateway';

/**
 * A CRM table on this machine's MariaDB server joins the demo by a declaration in a second
 * sources file (GATEWAY_SOURCES_FILE=demo.yaml,crm.yaml): read as the store's other systems are,
 * enforced by category, restricted by its own flag column, erased with a certificate.
 */
const server = mysqlTestServer();
if (!('url' in server)) console.warn(`sources.mysql.e2e: SKIPPED: ${server.skipped}`);
const withServer = 'url' in server ? describe : describe.skip;

const CRM = `sources:
  crm:
    kind: mysql
    url: \${CRM_DATABASE_URL}
    description: CRM contacts (MySQL)
    table: contacts
    field: crmContacts
    type: CrmContact
    identities: { EMAIL: email, PHONE: phone }
    profile: { name: full_name }
    createdAt: created_at
    restrictFlag: blocked
    fields:
      fullName: { from: full_name, category: identity.name }
      notes: { category: support.message }
      createdAt: { from: created_at, category: null }
`;

withServer('a mysql source on the MariaDB server', () => {
  let gw: TestGateway;
  let db: { client: SqlClient; url: string; teardown: () => Promise<void> };
  const contacts = async () => (await db.client.query<Record<string, unknown>>('SELECT id, email, full_name, notes, blocked FROM contacts ORDER BY id')).rows;

  beforeAll(async () => {
    db = await openMysqlTestDatabase({ url: (server as { url: string }).url, prefix: 'crm' });
    await db.client.query('CREATE TABLE contacts (id INT PRIMARY KEY, email VARCHAR(200) NULL, phone VARCHAR(40) NULL, full_name VARCHAR(200) NULL, notes TEXT NULL, blocked BOOLEAN NOT NULL DEFAULT FALSE, created_at DATETIME NOT NULL, INDEX (email), INDEX (phone))');
    await db.client.query("INSERT INTO contacts VALUES (1, 'alice@example.com', NULL, 'Alice A. (CRM)', 'Prefers email. Asked about volume licences.', FALSE, '2026-05-01 10:00:00'), (2, NULL, '+79990000002', 'Bob B.', 'Called about an invoice.', FALSE, '2026-06-01 10:00:00'), (3, 'zoe@example.com', NULL, 'Zoe Z.', 'Not a store customer.', FALSE, '2026-07-01 10:00:00')");
    const crmFile = path.join(os.tmpdir(), `crm-${process.pid}-${Date.now()}.yaml`);
    writeFileSync(crmFile, CRM);
    gw = await startTestGateway({ env: { GATEWAY_SOURCES_FILE: `${DEFAULT_SOURCES_FILE},${crmFile}`, CRM_DATABASE_URL: db.url } });
  }, 120_000);

  afterAll(async () => {
    await gw?.close();
    await db?.teardown();
  });

  it('reads Alice by email and Bob by the phone the store revealed, as the table holds them', async () => {
    const q = 'query($ref: SubjectRef!){ subject(ref:$ref){ crmContacts { id fullName notes createdAt } } }';
    const alice = await gw.query(q, { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
    const rows = await contacts();
    expect(alice.body.data?.subject.crmContacts).toEqual([{ id: '1', fullName: rows[0]!.full_name, notes: rows[0]!.notes, createdAt: '2026-05-01T10:00:00.000Z' }]);
    // The CRM knows Bob only by phone; the store's orders link his email to it.
    const bob = await gw.query(q, { ...OFFICER, variables: { ref: { email: 'bob@example.com' } } });
    expect(bob.body.data?.subject.crmContacts.map((c: { id: string }) => c.id)).toEqual(['2']);
  });

  it('enforces categories: marketing reads the name, not the notes (FORBIDDEN)', async () => {
    const r = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ crmContacts { fullName notes } } }', { roles: ['marketing_service'], purpose: 'marketing', variables: { ref: { email: 'alice@example.com' } } });
    expect(r.body.data?.subject.crmContacts).toEqual([{ fullName: 'Alice A. (CRM)', notes: null }]);
    expect(codes(r)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(r.body)).not.toContain('volume licences');
  });

  it('blocks Bob with the table\'s own flag, and lifts it', async () => {
    const blocked = await waitFor(gw, (await mutate(gw, 'blockSubject', { ref: { email: 'bob@example.com' }, reason: 'test: dispute' })).id);
    expect(blocked.status).toBe('COMPLETED');
    expect(blocked.tasks.find((t: { source: string }) => t.source === 'crm')).toMatchObject({ action: 'restrict', status: 'DONE', records: 1 });
    expect((await contacts()).find((c) => c.id === 2)?.blocked).toBe(true);
    const lifted = await waitFor(gw, (await mutate(gw, 'unblockSubject', { ref: { email: 'bob@example.com' }, reason: 'test: resolved' })).id);
    expect(lifted.status).toBe('COMPLETED');
    expect((await contacts()).find((c) => c.id === 2)?.blocked).toBe(false);
  });

  it('erases Alice: her contact row is deleted, the certificate names crm, the others stay', async () => {
    const done = await waitFor(gw, (await mutate(gw, 'eraseSubject', { ref: { email: 'alice@example.com' } })).id, 60_000);
    expect(done.status).toBe('COMPLETED');
    expect(done.certificate.sources.find((s: { source: string }) => s.source === 'crm')).toMatchObject({ deleted: 1, depersonalized: 0, retained: 0 });
    expect((await contacts()).map((c) => c.id)).toEqual([2, 3]);
  });
});
