import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadPolicy } from '../src/policy/loadPolicy';
import { SOURCE_KINDS } from '../src/sourceKinds';
import { compileSource } from '../src/sources/declarations/compileSource';
import { DeclarationError } from '../src/sources/declarations/DeclarationError';
import { readSourcesFiles } from '../src/sources/declarations/readSourcesFiles';
import type { SourceDeclaration } from '../src/sources/declarations/SourceDeclaration';
import { draftDeclaration } from '../src/sources/draft/draftDeclaration';
import { readSqlSystem } from '../src/sources/draft/readSqlSystem';
import { createSqlClient } from '../src/sql/createSqlClient';
import type { SqlClient } from '../src/sql/SqlClient';
import { createEmbeddedDocumentStore } from '../src/store/EmbeddedDocumentStore';
import { loadPostgresSample } from './kit/fidesFixtures';
import { mysqlTestServer } from './kit/mysqlTestServer';
import { openDeclaredSource } from './kit/openDeclaredSource';
import { openMysqlTestDatabase } from './kit/openMysqlTestDatabase';
import { reviewed, unreviewed } from './kit/reviewDraft';
import { runDraftSource } from './kit/runDraftSource';

/**
 * `npm run draft-source` against real systems: Fides' example database on PGlite (and a schema
 * of ours with foreign keys), a scratch database on MariaDB, and the embedded document store.
 * Each draft must list everything, guess what it can with a review mark, be refused by the
 * compiler until every unguessed field is decided, and then compile — and serve — as it is.
 */
const TMP = mkdtempSync(path.join(os.tmpdir(), 'draft-source-test-'));
const policy = loadPolicy();
const kinds = new Map(SOURCE_KINDS.map((k) => [k.kind, k]));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

type Spec = Record<string, any>;
const sourceOf = (text: string, name: string): Spec => (parse(text) as Spec).sources[name];

let files = 0;
const fileOf = (text: string): string => {
  const file = path.join(TMP, `draft-${++files}.yaml`);
  writeFileSync(file, text);
  return file;
};

/** What the gateway does with the file at start-up: read it, expand its variables, compile it against the policy. */
function compile(text: string, env: NodeJS.ProcessEnv = {}): SourceDeclaration {
  const [raw] = readSourcesFiles(fileOf(text), env);
  if (!raw) throw new Error('expected one source in the draft');
  return compileSource(raw, { policy, kinds });
}

const compileError = (text: string, env: NodeJS.ProcessEnv = {}): DeclarationError => {
  try {
    compile(text, env);
  } catch (error) {
    if (error instanceof DeclarationError) return error;
    throw error;
  }
  throw new Error('expected the draft to be refused');
};

/** The draft's lines for one collection (its key line up to the next collection's). */
const section = (text: string, collection: string): string => {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `      ${collection}:`);
  const end = lines.findIndex((l, i) => i > start && /^ {6}[a-z_]+:$/.test(l));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
};

/** Every column of every table appears: as a field (`from`, or its name) or in the primary key. */
function expectEveryColumn(source: Spec, columns: ReadonlyMap<string, readonly string[]>): void {
  expect(Object.keys(source.collections).sort()).toEqual([...columns.keys()].sort());
  for (const [table, names] of columns) {
    const c = source.collections[table] as Spec;
    const seen = new Set([...(c.primaryKey ?? []), ...Object.entries(c.fields as Spec).map(([k, f]: [string, Spec]) => f.from ?? k)]);
    expect({ table, missing: names.filter((n) => !seen.has(n)) }).toEqual({ table, missing: [] });
  }
}

async function columnsOf(sql: SqlClient, schema: string): Promise<Map<string, string[]>> {
  const { rows } = await sql.query<{ t: string; c: string }>('SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = $1 ORDER BY ordinal_position', [schema]);
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.t, [...(out.get(r.t) ?? []), r.c]);
  return out;
}

const SHOP = [
  'CREATE SCHEMA shop',
  'CREATE TABLE shop.address (id INT PRIMARY KEY, street TEXT, city TEXT)',
  'CREATE TABLE shop.customer (id INT PRIMARY KEY, email TEXT, full_name TEXT, address_id INT REFERENCES shop.address (id), referred_by INT REFERENCES shop.customer (id), created_at TIMESTAMPTZ)',
  'CREATE TABLE shop.orders (id INT PRIMARY KEY, customer_ref INT REFERENCES shop.customer (id), total NUMERIC, placed_at TIMESTAMPTZ)',
  'CREATE TABLE shop.order_line (order_id INT REFERENCES shop.orders (id), line INT, sku TEXT, PRIMARY KEY (order_id, line))',
  'CREATE TABLE shop.shipment (id INT PRIMARY KEY, order_id INT, line INT, FOREIGN KEY (order_id, line) REFERENCES shop.order_line (order_id, line))',
  'CREATE TABLE shop.warehouse_note (id INT PRIMARY KEY, body TEXT)',
  "INSERT INTO shop.address VALUES (1, 'Example Street', 'Exampletown'), (2, 'Other Lane', 'Othertown')",
  "INSERT INTO shop.customer VALUES (1, 'ann@example.com', 'Ann Example', 1, NULL, now()), (2, 'bob@example.com', 'Bob Example', 2, 1, now())",
  'INSERT INTO shop.orders VALUES (10, 1, 20, now()), (11, 2, 30, now())',
  "INSERT INTO shop.order_line VALUES (10, 1, 'cookie'), (11, 1, 'cake')",
  'INSERT INTO shop.shipment VALUES (100, 10, 1)',
];

describe("draft-source over PGlite: Fides' example database", () => {
  let sql: SqlClient;
  let text: string;
  let source: Spec;

  beforeAll(async () => {
    sql = createSqlClient({ url: 'pglite://memory' });
    await loadPostgresSample(sql);
    for (const statement of SHOP) await sql.query(statement);
    text = draftDeclaration(await readSqlSystem(sql, { dialect: 'postgres', schema: 'public', tables: null, sample: 100 }), { name: 'cookie', kind: 'postgres', schema: 'public' });
    source = sourceOf(text, 'cookie');
  }, 120_000);

  afterAll(async () => {
    await sql?.close();
  });

  it('lists every table and every column, with its GraphQL type', async () => {
    expectEveryColumn(source, await columnsOf(sql, 'public'));
    expect(source.collections.payment_card.fields).toMatchObject({ ccn: { type: 'String' }, code: { type: 'Int' }, preferred: { type: 'Boolean' }, customerId: { from: 'customer_id', type: 'Int' } });
    expect(source.collections.product.fields.price).toMatchObject({ type: 'Float', category: 'order.total' });
  });

  it('guesses customer.email as contact.email, with an EMAIL identity, each marked for review', () => {
    expect(source.collections.customer).toMatchObject({ identities: { EMAIL: 'email' }, profile: { name: 'name', email: 'email' }, createdAt: 'created', fields: { email: { category: 'contact.email' }, name: { category: 'identity.name' } } });
    expect(section(text, 'customer')).toMatch(/^ +email: \{ category: contact\.email, type: String \} # guessed from the column name: review$/m);
    expect(source.collections.service_request.identities).toEqual({ EMAIL: ['email', 'alt_email'] });
    expect(source.collections.login.identities).toEqual({ CUSTOMER_ID: 'customer_id' });
    // Every category written is a guess, and says so.
    for (const line of text.split('\n').filter((l) => /category: (?!null)/.test(l) && !l.includes('fields:'))) expect(line).toMatch(/# guessed from the (column name|values): review$/);
  });

  it('finds primary keys, composite ones included', () => {
    expect(source.collections.customer.primaryKey).toEqual(['id']);
    expect(source.collections.order_item.primaryKey).toEqual(['order_id', 'item_no']);
    expect(source.collections.visit.primaryKey).toEqual(['email', 'last_visit']);
    expect(source.collections.composite_pk_test.primaryKey).toEqual(['id_a', 'id_b']);
  });

  it('lists the tables no foreign key joins, saying that nothing reaches those no identity finds', () => {
    for (const table of ['product', 'address', 'order_item', 'loyalty']) {
      expect(source.collections[table]).toBeDefined();
      expect(source.collections[table].links).toBeUndefined();
      expect(section(text, table)).toMatch(/# REVIEW: no identity and no link reaches these rows/);
    }
    expect(section(text, 'customer')).not.toMatch(/no identity and no link/);
  });

  it('is refused until reviewed, naming the first unreviewed field; compiles once each is decided', () => {
    const pending = unreviewed(source, 'sources.cookie');
    expect(pending[0]).toBe('sources.cookie.collections.address.fields.house.category');
    const error = compileError(text);
    expect(error.key).toBe(pending[0]);
    expect(error.message).toMatch(/expected a category, or null for a value that is not personal data \(deny by default\), got none/);
    expect(section(text, 'address')).toMatch(/^ +house: \{ type: Int \} # REVIEW: not guessed/m);

    const declaration = compile(reviewed(text));
    expect(declaration.collections.map((c) => c.name).sort()).toEqual(Object.keys(source.collections).sort());
    expect(declaration.collections.find((c) => c.name === 'order_item')?.primaryKey).toEqual(['order_id', 'item_no']);
    expect(declaration.edges).toEqual([]);
  });

  it('once reviewed, opens against the database it was drafted from and finds customer-1', async () => {
    const connector = await openDeclaredSource({ name: 'cookie', file: fileOf(reviewed(text)), sql: { ...sql, close: async () => undefined } });
    try {
      const [records] = await connector.findByIdentities([{ type: 'EMAIL', value: 'customer-1@example.com' }]);
      if (!Array.isArray(records)) throw records;
      expect(records.filter((r) => r.collection === 'customer').map((r) => r.fields.name)).toEqual(['John Customer']);
    } finally {
      await connector.close();
    }
  });

  describe('foreign keys (schema shop)', () => {
    let shopText: string;
    let shop: Spec;

    beforeAll(async () => {
      shopText = draftDeclaration(await readSqlSystem(sql, { dialect: 'postgres', schema: 'shop', tables: null, sample: 100 }), { name: 'shop', kind: 'postgres', schema: 'shop' });
      shop = sourceOf(shopText, 'shop');
    });

    it('turns each into a link followed away from the rows found by identity', async () => {
      expectEveryColumn(shop, await columnsOf(sql, 'shop'));
      expect(shop.schema).toBe('shop');
      expect(shop.collections.customer.identities).toEqual({ EMAIL: 'email' });
      expect(shop.collections.address.links).toEqual([{ from: 'customer.address_id', to: 'id' }]); // child → parent: the customer's address
      expect(shop.collections.orders.links).toEqual([{ from: 'customer.id', to: 'customer_ref' }]); // parent → child: the customer's orders
      expect(shop.collections.order_line.links).toEqual([{ from: 'orders.id', to: 'order_id' }]);
      expect(section(shopText, 'orders')).toMatch(/- \{ from: customer\.id, to: customer_ref \} # from a foreign key, followed away from the rows found by identity/);
    });

    it('writes no link for a self-reference or a composite key, and says why', () => {
      expect(shop.collections.customer.links).toBeUndefined();
      expect(section(shopText, 'customer')).toMatch(/# REVIEW: foreign key \(referred_by\) → customer \(id\) is not a link: a self-reference would reach other people's rows/);
      expect(shop.collections.shipment.links).toBeUndefined();
      expect(section(shopText, 'shipment')).toMatch(/# REVIEW: foreign key \(order_id, line\) → order_line \(order_id, line\) is not a link: a composite key/);
      expect(section(shopText, 'warehouse_note')).toMatch(/no identity and no link reaches these rows/);
    });

    it("once reviewed, reaches the subject's rows through the links, and not the person she referred", async () => {
      const declaration = compile(reviewed(shopText));
      expect(declaration.edges).toHaveLength(3);
      const connector = await openDeclaredSource({ name: 'shop', file: fileOf(reviewed(shopText)), sql: { ...sql, close: async () => undefined } });
      try {
        const [records] = await connector.findByIdentities([{ type: 'EMAIL', value: 'ann@example.com' }]);
        if (!Array.isArray(records)) throw records;
        expect(records.map((r) => r.id).sort()).toEqual(['address/[1]', 'customer/[1]', 'order_line/[10,1]', 'orders/[10]']);
      } finally {
        await connector.close();
      }
    });

    it('drafts only the tables asked for; a foreign key to a table left out is not a link', async () => {
      const only = sourceOf(draftDeclaration(await readSqlSystem(sql, { dialect: 'postgres', schema: 'shop', tables: ['customer', 'orders'], sample: 10 }), { name: 'shop', kind: 'postgres', schema: 'shop' }), 'shop');
      expect(Object.keys(only.collections)).toEqual(['customer', 'orders']);
      expect(only.collections.orders.links).toEqual([{ from: 'customer.id', to: 'customer_ref' }]);
      await expect(readSqlSystem(sql, { dialect: 'postgres', schema: 'shop', tables: ['nope'], sample: 10 })).rejects.toThrow(/expected tables of shop \(address, customer, .*\), got "nope"/);
    });
  });
});

const server = mysqlTestServer();
if (!('url' in server)) console.warn(`draftSource: MariaDB variant SKIPPED: ${server.skipped}`);
const withServer = 'url' in server ? describe : describe.skip;

withServer('draft-source over MariaDB (the command, end to end)', () => {
  let db: Awaited<ReturnType<typeof openMysqlTestDatabase>>;

  beforeAll(async () => {
    db = await openMysqlTestDatabase({ url: (server as { url: string }).url, prefix: 'draft' });
    await db.client.query('CREATE TABLE members (id INT PRIMARY KEY, email VARCHAR(100), mobile VARCHAR(20), joined_at DATETIME, tier VARCHAR(10))');
    await db.client.query('CREATE TABLE payments (id INT PRIMARY KEY, member INT NOT NULL, amount DECIMAL(10,2), paid_at DATETIME, CONSTRAINT payments_member FOREIGN KEY (member) REFERENCES members (id))');
    await db.client.query("INSERT INTO members VALUES (1, 'ann@example.com', '+15555550100', '2024-01-01 10:00:00', 'gold')");
    await db.client.query("INSERT INTO payments VALUES (7, 1, 12.50, '2024-02-01 10:00:00')");
  }, 60_000);

  afterAll(async () => {
    await db?.teardown();
  });

  it('prints a declaration with the foreign key as a link, refused until reviewed, then compiling', async () => {
    const { code, stdout, stderr } = await runDraftSource(['--kind', 'mysql', '--url', db.url, '--name', 'club']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const club = sourceOf(stdout, 'club');
    expect(club).toMatchObject({ kind: 'mysql', url: '${CLUB_DATABASE_URL}' });
    expect(club.collections.members).toMatchObject({ identities: { EMAIL: 'email', PHONE: 'mobile' }, primaryKey: ['id'], createdAt: 'joined_at', fields: { mobile: { category: 'contact.phone' } } });
    expect(club.collections.payments).toMatchObject({ primaryKey: ['id'], links: [{ from: 'members.id', to: 'member' }], fields: { amount: { category: 'payment.transaction', type: 'Float' } } });
    expect(Object.keys(club.collections.payments.fields)).toEqual(['member', 'amount', 'paidAt']);
    const env = { CLUB_DATABASE_URL: db.url };
    expect(compileError(stdout, env).key).toBe('sources.club.collections.members.fields.tier.category');
    const declaration = compile(reviewed(stdout), env);
    expect(declaration.edges).toEqual([{ fromCollection: 'members', fromPath: 'id', toCollection: 'payments', toPath: 'member' }]);
    expect(stdout).not.toContain(db.url);
  }, 60_000);
});

describe('draft-source over the embedded document store (the command, --kind mongodb --dir)', () => {
  const dir = path.join(TMP, 'newsletter');

  beforeAll(async () => {
    const store = createEmbeddedDocumentStore({ dir });
    await store.collection('subscribers').insertMany([
      { _id: 's1', email: 'ann@example.com', person: { firstName: 'Ann', phone: '+15555550100' }, address: { street: 'Example Street', city: 'Exampletown' }, lists: ['weekly'], history: [{ list: 'weekly', note: 'joined' }], subscribedAt: new Date('2024-01-01T00:00:00Z'), source: 'form' },
      { _id: 's2', email: 'bob@example.com', person: { firstName: 'Bob' }, lists: [], subscribedAt: new Date('2024-02-01T00:00:00Z'), source: 'import' },
    ]);
    await store.collection('bounces').insertOne({ _id: 'b1', recipient: 'ann@example.com', at: new Date('2024-03-01T00:00:00Z') });
    await store.close();
  });

  it('drafts keys and nested shapes from a sample, refused until reviewed, then compiling', async () => {
    const { code, stdout, stderr } = await runDraftSource(['--kind', 'mongodb', '--dir', dir, '--sample', '10']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const source = sourceOf(stdout, 'newsletter');
    expect(Object.keys(source.collections)).toEqual(['bounces', 'subscribers']);
    const subscribers = source.collections.subscribers as Spec;
    expect(subscribers).toMatchObject({ primaryKey: ['_id'], identities: { EMAIL: 'email', PHONE: 'person.phone' }, createdAt: 'subscribedAt' });
    expect(Object.keys(subscribers.fields)).toEqual(['email', 'person', 'address', 'lists', 'history', 'subscribedAt', 'sourceValue']);
    expect(subscribers.fields.person).toEqual({ category: null, fields: { firstName: { category: 'identity.name', type: 'String' }, phone: { category: 'contact.phone', type: 'String' } } });
    expect(subscribers.fields.address).toEqual({ category: 'contact.address', fields: { street: { type: 'String' }, city: { type: 'String' } } });
    expect(subscribers.fields.lists).toEqual({ type: '[String!]' });
    expect(subscribers.fields.history).toMatchObject({ category: null, list: true, fields: { list: {}, note: { category: 'support.message' } } });
    expect(subscribers.fields.sourceValue).toEqual({ from: 'source', type: 'String' });
    expect(source.collections.bounces).toMatchObject({ identities: { EMAIL: 'recipient' }, createdAt: 'at' });
    expect(section(stdout, 'bounces')).toMatch(/recipient: \{ category: contact\.email, type: String \} # guessed from the values: review/);

    expect(compileError(stdout).key).toBe('sources.newsletter.collections.subscribers.fields.lists.category');
    const declaration = compile(reviewed(stdout));
    const compiled = declaration.collections.find((c) => c.name === 'subscribers');
    expect(compiled?.fields.find((f) => f.name === 'history')).toMatchObject({ list: true, category: null });

    const connector = await openDeclaredSource({ name: 'newsletter', file: fileOf(reviewed(stdout)), store: createEmbeddedDocumentStore({ dir }) });
    try {
      const [records] = await connector.findByIdentities([{ type: 'EMAIL', value: 'ann@example.com' }]);
      if (!Array.isArray(records)) throw records;
      expect(records.map((r) => r.id).sort()).toEqual(['bounces/["b1"]', 'subscribers/["s1"]']);
      expect(records.find((r) => r.collection === 'subscribers')?.fields.person).toEqual({ firstName: 'Ann', phone: '+15555550100' });
    } finally {
      await connector.close();
    }
  }, 60_000);
});

describe('draft-source command line: failures', () => {
  it('exits 1 when the system does not answer, naming it without its credentials or the driver\'s text', async () => {
    const mysql = await runDraftSource(['--kind', 'mysql', '--url', 'mysql://root:s3cret-pw@127.0.0.1:1/crm']);
    expect(mysql.code).toBe(1);
    expect(mysql.stderr.trim()).toBe('draft-source: could not read the mysql system at mysql://127.0.0.1:1/crm: failed with code ECONNREFUSED');
    expect(mysql.stdout).toBe('');
    const pglite = await runDraftSource(['--kind', 'postgres', '--url', `pglite://${path.join(TMP, 'none')}`]);
    expect(pglite.code).toBe(1);
    expect(pglite.stderr).toMatch(/expected pglite:\/\/<dir> to name a PGlite data directory/);
  }, 60_000);

  it('exits 2 on a bad command line, with the usage', async () => {
    const { code, stderr } = await runDraftSource(['--kind', 'postgres']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/expected exactly one of --url and --dir, got neither\nusage: npm run draft-source/);
  }, 60_000);
});
