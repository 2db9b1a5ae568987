import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeclarationError } from '../src/sources/declarations/DeclarationError';
import { createPgliteSqlClient } from '../src/sql/PgliteSqlClient';
import type { SqlClient } from '../src/sql/SqlClient';
import { openDeclaredSource } from './kit/openDeclaredSource';
import { openMysqlTestDatabase } from './kit/openMysqlTestDatabase';
import { mysqlTestServer } from './kit/mysqlTestServer';
import { openPgTestSchema } from './kit/openPgTestSchema';

/**
 * Every column a subject lookup filters on has an index, so a lookup's cost stays flat as the
 * data grows: an embedded database gets the missing ones at start-up; a server's are checked, and
 * a missing one is a warning naming the column (or, with `indexes: require`, a refused start).
 */

const TABLES = [
  'CREATE TABLE contacts (id text PRIMARY KEY, email text NULL, phone text NULL, name text NULL)',
  'CREATE TABLE notes (id text PRIMARY KEY, contact_id text NOT NULL, body text NOT NULL)',
];

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'pg-indexes-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A declaration of the two tables, found by email and phone; notes reached from contacts. */
function declare(options: { kind: 'postgres' | 'mysql'; url: boolean; indexes?: 'require' }): string {
  const file = path.join(dir, `crm-${options.kind}-${options.url ? 'server' : 'embedded'}-${options.indexes ?? 'check'}.yaml`);
  writeFileSync(
    file,
    [
      'sources:',
      '  crm:',
      `    kind: ${options.kind}`,
      ...(options.url ? ['    url: ${CRM_URL}'] : []),
      ...(options.indexes ? [`    indexes: ${options.indexes}`] : []),
      '    collections:',
      '      contacts:',
      '        identities: { EMAIL: email, PHONE: phone }',
      '        fields:',
      '          name: { category: identity.name }',
      '      notes:',
      '        links: [{ from: contacts.id, to: contact_id }]',
      '        fields:',
      '          contactId: { from: contact_id, category: null }',
      '          body: { category: support.message }',
    ].join('\n'),
  );
  return file;
}

async function pgIndexed(sql: SqlClient, schema: string): Promise<string[]> {
  const { rows } = await sql.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE '%_gw_idx' ORDER BY indexname", [schema]);
  return rows.map((r) => r.indexdef.replace(/^.* ON /, ''));
}

describe('an embedded PostgreSQL source', () => {
  it('gets an index on each identity column and each reference it is reached by, once', async () => {
    const sql = createPgliteSqlClient({ dataDir: null });
    try {
      for (const t of TABLES) await sql.query(t);
      const warnings: string[] = [];
      // The connector owns its client and would close it: the test keeps it open to look inside.
      const open = () => openDeclaredSource({ name: 'crm', file: declare({ kind: 'postgres', url: false }), sql, onWarning: (w) => warnings.push(w) });
      await open();
      await open();
      expect(await pgIndexed(sql, 'public')).toEqual(['public.contacts USING btree (email)', 'public.contacts USING btree (phone)', 'public.notes USING btree (contact_id)']);
      expect(warnings).toEqual([]);
      // The planner can answer a lookup by identity from the index.
      await sql.query('SET enable_seqscan = off');
      const plan = await sql.query<{ 'QUERY PLAN': string }>("EXPLAIN SELECT * FROM contacts WHERE email IN ('a@example.com') OR phone IN ('+79990000001')");
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/contacts_email_gw_idx[\s\S]*contacts_phone_gw_idx/);
    } finally {
      await sql.close();
    }
  });
});

const pgServer = process.env.SUPPORT_TEST_DATABASE_URL;
(pgServer ? describe : describe.skip)(`a PostgreSQL server source${pgServer ? '' : ' (skipped: SUPPORT_TEST_DATABASE_URL is not set)'}`, () => {
  it('is checked, not changed: a missing index is a warning naming the column and the statement, or with indexes: require a refused start', async () => {
    const { client, schema, teardown } = await openPgTestSchema({ url: pgServer as string, prefix: 'indexes' });
    try {
      for (const t of TABLES) await client.query(t);
      await client.query('CREATE INDEX contacts_email ON contacts (email, name)');
      const warnings: string[] = [];
      const env = { CRM_URL: 'postgres://unused' };
      await openDeclaredSource({ name: 'crm', file: declare({ kind: 'postgres', url: true }), sql: client, schema, env, onWarning: (w) => warnings.push(w) });
      expect(await pgIndexed(client, schema)).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('contacts.phone');
      expect(warnings[0]).toContain('notes.contact_id');
      expect(warnings[0]).toContain(`CREATE INDEX IF NOT EXISTS "contacts_phone_gw_idx" ON "${schema}"."contacts" ("phone")`);
      expect(warnings[0]).not.toContain('contacts.email');

      const refused = openDeclaredSource({ name: 'crm', file: declare({ kind: 'postgres', url: true, indexes: 'require' }), sql: client, schema, env });
      await expect(refused).rejects.toBeInstanceOf(DeclarationError);
      await expect(refused).rejects.toMatchObject({ key: 'sources.crm.indexes' });
    } finally {
      await teardown();
    }
  });
});

const mysql = mysqlTestServer();
('url' in mysql ? describe : describe.skip)(`a MySQL or MariaDB source${'skipped' in mysql ? ` (skipped: ${mysql.skipped})` : ''}`, () => {
  it('is checked the same way: no warning once every lookup column leads an index', async () => {
    const { client, teardown } = await openMysqlTestDatabase({ url: (mysql as { url: string }).url, prefix: 'indexes' });
    try {
      for (const t of TABLES) await client.query(t.replace(/ text /g, ' varchar(100) '));
      const env = { CRM_URL: 'mysql://unused' };
      const warnings: string[] = [];
      const open = () => openDeclaredSource({ name: 'crm', file: declare({ kind: 'mysql', url: true }), sql: client, env, onWarning: (w) => warnings.push(w) });
      await open();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/contacts\.email.*contacts\.phone.*notes\.contact_id/);
      await client.query('CREATE INDEX contacts_email ON contacts (email)');
      await client.query('CREATE INDEX contacts_phone ON contacts (phone)');
      await client.query('CREATE INDEX notes_contact ON notes (contact_id, id)');
      warnings.length = 0;
      await open();
      expect(warnings).toEqual([]);
    } finally {
      await teardown();
    }
  });
});
