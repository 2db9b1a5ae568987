import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPolicy } from '../src/policy/loadPolicy';
import { SOURCE_KINDS } from '../src/sourceKinds';
import { DeclarationError } from '../src/sources/declarations/DeclarationError';
import { readSourcesFiles } from '../src/sources/declarations/readSourcesFiles';
import { openSources } from '../src/sources/openSources';
import type { KindContext } from '../src/sources/SourceKind';
import { createPgliteSqlClient } from '../src/sql/PgliteSqlClient';
import type { SqlClient } from '../src/sql/SqlClient';
import { createEmbeddedDocumentStore } from '../src/store/EmbeddedDocumentStore';
import { fidesFile } from './kit/fidesFixtures';

/**
 * Bad declarations stop start-up with the file and the key named and what was expected — before
 * any system is touched where the file alone shows the mistake, at open where only the system can
 * (an unknown column). Each case is a file as an operator would write it.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-decl-'));
const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const badFides = write('bad-fides.yml', 'dataset:\n  - fides_key: shop\n    collections:\n      - name: people\n        fields:\n          - name: id\n            fides_meta: { primary_key: true }\n          - name: secret\n            data_categories: [custom.secret_sauce]\n');
const ok = (extra = '') => `    kind: postgres\n    table: contacts\n    identities: { EMAIL: email }\n    fields:\n      fullName: { from: full_name, category: identity.name }\n${extra}`;

const CASES: Array<{ case: string; yaml: string; key: string; expected: string; env?: Record<string, string> }> = [
  { case: 'unknown kind', yaml: 'sources:\n  crm:\n    kind: oracle\n', key: 'sources.crm.kind', expected: 'one of mongodb, postgres, mysql' },
  { case: 'mysql url variable unset', yaml: 'sources:\n  crm:\n    kind: mysql\n    url: ${CRM_DATABASE_URL}\n    table: contacts\n', key: 'sources.crm.url', expected: 'a url for kind mysql' },
  { case: 'a variable unset inside a longer value', yaml: 'sources:\n  crm:\n    kind: postgres\n    url: postgres://app:${CRM_PASSWORD}@db/crm\n    table: t\n', key: 'sources.crm.url', expected: 'the environment variable CRM_PASSWORD to be set' },
  { case: 'category the policy does not define', yaml: `sources:\n  crm:\n${ok('      notes: { category: crm.notes }\n')}`, key: 'sources.crm.collections.contacts.fields.notes.category', expected: 'a category the policy defines' },
  { case: 'personal field without a category (deny by default)', yaml: `sources:\n  crm:\n${ok('      notes: { from: notes }\n')}`, key: 'sources.crm.collections.contacts.fields.notes.category', expected: 'a category, or null' },
  { case: 'unknown column', yaml: `sources:\n  crm:\n${ok('      notes: { from: no_such_column, category: support.message }\n')}`, key: 'sources.crm.collections.contacts.fields.notes.from', expected: 'a column of table contacts' },
  { case: 'table that does not exist', yaml: 'sources:\n  crm:\n    kind: postgres\n    table: no_such_table\n    identities: { EMAIL: email }\n', key: 'sources.crm.collections.no_such_table.table', expected: 'a table that exists in the database' },
  { case: 'reference from a missing table', yaml: `sources:\n  crm:\n    kind: postgres\n    collections:\n      contacts:\n        identities: { EMAIL: email }\n      notes:\n        links: [{ from: deals.id, to: contact_id }]\n`, key: 'reference deals.id', expected: 'a collection of this source' },
  { case: 'two sources claiming one DataSubject field', yaml: `sources:\n  crm:\n${ok('    field: contacts\n')}  crm2:\n${ok('    field: contacts\n')}`, key: 'sources.crm2.collections.contacts.field', expected: 'a DataSubject field no other source claims' },
  { case: 'two sources claiming one type', yaml: `sources:\n  crm:\n${ok('    type: Contact\n')}  crm2:\n${ok('    type: Contact\n')}`, key: 'sources.crm2.collections.contacts.type', expected: 'a type name no other source claims' },
  { case: 'a core DataSubject field', yaml: `sources:\n  crm:\n${ok('    field: profile\n')}`, key: 'sources.crm.collections.contacts.field', expected: 'a DataSubject field the core schema does not define' },
  { case: 'Fides dataset with a category the policy does not map', yaml: `sources:\n  shop:\n    kind: postgres\n    dataset: ${JSON.stringify(badFides)}\n`, key: 'dataset shop, collection people, field secret', expected: "a fideslang category the policy's `fideslang:` table maps" },
  { case: 'Fides dataset file missing', yaml: 'sources:\n  shop:\n    kind: postgres\n    dataset: ./missing.yml\n', key: '(file)', expected: 'a readable Fides dataset YAML file' },
  { case: 'unknown key', yaml: `sources:\n  crm:\n${ok('    colour: blue\n')}`, key: 'sources.crm.colour', expected: 'a key of kind postgres' },
  { case: 'unknown identity type', yaml: 'sources:\n  crm:\n    kind: postgres\n    table: contacts\n    identities: { PASSPORT: passport_no }\n', key: 'sources.crm.collections.contacts.identities.PASSPORT', expected: 'an identity type (EMAIL, PHONE, CUSTOMER_ID)' },
  { case: 'source name that is not a name', yaml: 'sources:\n  Bad-Name:\n    kind: postgres\n', key: 'sources.Bad-Name', expected: 'a source name of lower-case letters' },
  { case: 'a field named id', yaml: `sources:\n  crm:\n${ok('      id: { category: null }\n')}`, key: 'sources.crm.collections.contacts.fields.id', expected: 'a GraphQL field name other than `id` and `source`' },
  { case: 'erasure that is neither delete nor depersonalize', yaml: `sources:\n  crm:\n${ok('    erasure: shred\n')}`, key: 'sources.crm.collections.contacts.erasure', expected: 'delete or depersonalize' },
  { case: 'a mask that is not one', yaml: `sources:\n  crm:\n${ok('      notes: { category: support.message, mask: scramble }\n')}`, key: 'sources.crm.collections.contacts.fields.notes.mask', expected: 'null, "hash", "keep" or { fixed: "text" }' },
  { case: 'maxHops out of range', yaml: `sources:\n  crm:\n${ok('    maxHops: 99\n')}`, key: 'sources.crm.maxHops', expected: 'an integer from 0 to 10' },
  { case: 'no collections at all', yaml: 'sources:\n  crm:\n    kind: postgres\n', key: 'sources.crm', expected: 'a `dataset:`, a `table:`/`collection:`, or `collections:`' },
  { case: 'a root key other than sources', yaml: 'source:\n  crm:\n    kind: postgres\n', key: 'source', expected: 'only `sources:` at the root' },
  { case: 'not YAML', yaml: 'sources: [unclosed\n', key: '(file)', expected: 'valid YAML' },
];

describe('bad declarations stop start-up, naming the file and key', () => {
  const policy = loadPolicy();
  let sql: SqlClient;
  beforeAll(async () => {
    sql = createPgliteSqlClient({ dataDir: null });
    await sql.query('CREATE TABLE contacts (id int PRIMARY KEY, email text, full_name text, notes text)');
  }, 60_000);
  afterAll(async () => {
    await sql?.close();
  });
  const context = (): KindContext => ({
    timeoutMs: 2000,
    openDocumentStore: () => createEmbeddedDocumentStore({ dir: null }),
    // Shared by the cases: a connector's close would end it, so hand out a client that ignores close.
    openSql: () => ({ ...sql, query: sql.query.bind(sql), transaction: sql.transaction.bind(sql), ping: sql.ping.bind(sql), close: async () => undefined }),
    hashKey: 'k',
    seed: false,
  });

  it.each(CASES)('$case', async ({ yaml, key, expected, env }) => {
    const file = write(`case-${Math.random().toString(36).slice(2)}.yaml`, yaml);
    const error = await (async () => openSources({ raw: readSourcesFiles(file, env ?? {}), policy, kinds: SOURCE_KINDS, context: context() }))().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeclarationError);
    const message = (error as Error).message;
    expect(message).toContain(key);
    expect(message).toContain(`expected ${expected}`);
    // The file is named (relative to the working directory, or as given).
    expect(message.startsWith(path.relative(process.cwd(), file)) || message.startsWith(path.relative(process.cwd(), badFides)) || message.includes('missing.yml')).toBe(true);
  });

  it('has at least 15 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  it('accepts the Fides example dataset as it is, and a good declaration', async () => {
    const file = write('good.yaml', `sources:\n  crm:\n${ok()}  shop:\n    kind: mongodb\n    dataset: ${JSON.stringify(fidesFile('mongo_example_test_dataset.yml'))}\n`);
    const connectors = await openSources({ raw: readSourcesFiles(file, {}), policy, kinds: SOURCE_KINDS, context: context() });
    expect(connectors.map((c) => c.name)).toEqual(['crm', 'shop']);
    expect(connectors[1]?.collections.map((c) => c.subjectField)).toContain('shopCustomerFeedback');
    await Promise.all(connectors.map((c) => c.close()));
  });
});
