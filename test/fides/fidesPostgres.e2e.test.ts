import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqlClient } from '../../src/sql/createSqlClient';
import type { SqlClient } from '../../src/sql/SqlClient';
import { mutate, waitFor } from '../kit/dsr';
import { fidesFile, loadPostgresSample } from '../kit/fidesFixtures';
import { copyPgliteTemplate } from '../kit/pgliteTemplate';
import type { TestGateway } from '../kit/startTestGateway';
import { OFFICER, startTestGateway } from '../kit/startTestGateway';

/**
 * Fides' own example database with Fides' own dataset file, unchanged, declared as a `postgres`
 * source: what the gateway shows for customer-1 is checked against the database itself, then her
 * erasure, with customer 2's rows and the addresses both customers used left as they were.
 * Always on PGlite; on this machine's PostgreSQL server too when SUPPORT_TEST_DATABASE_URL is set.
 */
const SERVER = process.env.SUPPORT_TEST_DATABASE_URL;
const variants: Array<[string, string | null]> = [['embedded PGlite', null], ...(SERVER ? [['PostgreSQL server', SERVER] as [string, string]] : [])];
if (!SERVER) console.warn('fides postgres: SUPPORT_TEST_DATABASE_URL is not set; the PostgreSQL-server variant does not run here');

const SUBJECT = `query($ref: SubjectRef!){ subject(ref:$ref){ id
  profile { name email }
  cookieCustomer { id email name created addressId }
  cookieOrders { id customerId shippingAddressId }
  cookieOrderItem { id orderId quantity productId }
  cookieLogin { id customerId time }
  cookiePaymentCard { id ccn customerId }
  cookieVisit { id email lastVisit }
  cookieServiceRequest { id altEmail employeeId }
  cookieAddress { id city street zip }
  cookieEmployee { id }
  cookieReport { id }
} }`;

describe.each(variants)('a Fides dataset, unchanged, over %s', (_label, serverUrl) => {
  let gw: TestGateway;
  let db: SqlClient;
  let dropDatabase: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pg-fides-'));
    let url = '';
    if (serverUrl) {
      const name = `fides_${process.pid}_${Date.now()}`;
      const admin = createSqlClient({ url: serverUrl });
      await admin.query(`CREATE DATABASE ${name}`);
      url = serverUrl.replace(/\/[^/]*$/, `/${name}`);
      dropDatabase = async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
      };
      db = createSqlClient({ url });
    } else {
      copyPgliteTemplate(path.join(dataDir, 'cookie'));
      db = createSqlClient({ url: `pglite://${path.join(dataDir, 'cookie')}` });
    }
    await loadPostgresSample(db);
    if (!serverUrl) await db.close(); // one PGlite per directory: the gateway opens it
    const sourcesFile = path.join(dataDir, 'sources.yaml');
    writeFileSync(sourcesFile, [
      'sources:',
      '  cookie:',
      '    kind: postgres',
      '    url: ${COOKIE_DATABASE_URL}',
      '    description: Fides example shop (PostgreSQL)',
      `    dataset: ${JSON.stringify(fidesFile('postgres_example_test_dataset.yml'))}`,
      '',
    ].join('\n'));
    gw = await startTestGateway({ dataDir, env: { GATEWAY_SOURCES_FILE: sourcesFile, GATEWAY_SEED_DEMO: 'off', ...(serverUrl ? { COOKIE_DATABASE_URL: url } : {}) } });
    if (!serverUrl) db = gw.gateway.systems.get('cookie') as SqlClient;
  }, 120_000);

  afterAll(async () => {
    await gw?.close();
    if (serverUrl) await db?.close();
    await dropDatabase?.();
  });

  const rows = async (text: string, params: unknown[] = []) => (await db.query<Record<string, unknown>>(text, params)).rows;
  const ids = (list: Array<{ id: string }>) => list.map((r) => r.id).sort();

  it('shows customer-1 as the database holds her: customer row, orders through customer.id, their items, logins, card, visit, service request, home and shipping addresses', async () => {
    const r = await gw.query(SUBJECT, { ...OFFICER, variables: { ref: { email: 'customer-1@example.com' } } });
    expect(r.body.errors).toBeUndefined();
    const s = r.body.data?.subject;
    const [customer] = await rows("SELECT * FROM customer WHERE email = 'customer-1@example.com'");
    expect(s.cookieCustomer).toEqual([{ id: String(customer!.id), email: customer!.email, name: customer!.name, created: expect.any(String), addressId: String(customer!.address_id) }]);
    expect(s.profile).toEqual({ name: customer!.name, email: customer!.email });
    const orders = await rows('SELECT * FROM orders WHERE customer_id = $1', [customer!.id]);
    expect(orders).toHaveLength(3);
    expect(ids(s.cookieOrders)).toEqual(orders.map((o) => String(o.id)).sort());
    const items = await rows(`SELECT * FROM order_item WHERE order_id IN (${orders.map((_, i) => `$${i + 1}`).join(', ')})`, orders.map((o) => o.id));
    expect(ids(s.cookieOrderItem)).toEqual(items.map((i) => `${i.order_id}:${i.item_no}`).sort());
    const logins = await rows('SELECT * FROM login WHERE customer_id = $1', [customer!.id]);
    expect(logins).toHaveLength(6);
    expect(ids(s.cookieLogin)).toEqual(logins.map((l) => String(l.id)).sort());
    const cards = await rows('SELECT * FROM payment_card WHERE customer_id = $1', [customer!.id]);
    expect(s.cookiePaymentCard).toEqual(cards.map((c) => ({ id: c.id, ccn: String(c.ccn), customerId: c.customer_id })));
    expect(s.cookieVisit).toHaveLength((await rows("SELECT * FROM visit WHERE email = 'customer-1@example.com'")).length);
    expect(s.cookieVisit).toHaveLength(1);
    const requests = await rows("SELECT * FROM service_request WHERE email = 'customer-1@example.com' OR alt_email = 'customer-1@example.com'");
    expect(ids(s.cookieServiceRequest)).toEqual(requests.map((q) => String(q.id)).sort());
    const addressIds = new Set([customer!.address_id, ...orders.map((o) => o.shipping_address_id), ...cards.map((c) => c.billing_address_id)].map(String));
    expect(ids(s.cookieAddress)).toEqual([...addressIds].sort());
    // Other people: the employee who handled her request, and the admin's reports, are not hers.
    expect(s.cookieEmployee).toEqual([]);
    expect(s.cookieReport).toEqual([]);
  });

  it('lets a support agent read her email but not her payment cards (the whole list FORBIDDEN), by the fideslang → policy map', async () => {
    const r = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ cookieCustomer { email } cookiePaymentCard { id ccn } } }', { roles: ['support_agent'], purpose: 'customer_support', variables: { ref: { email: 'customer-1@example.com' } } });
    expect(r.body.data?.subject.cookieCustomer).toEqual([{ email: 'customer-1@example.com' }]);
    // None of the card list's categories is the support agent's to read: not even its ids or count.
    expect(r.body.data?.subject.cookiePaymentCard).toBeNull();
    expect(r.body.errors?.find((e) => e.path?.join('.') === 'subject.cookiePaymentCard')?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(r.body)).not.toContain('123456789');
  });

  it('erases customer-1 with a certificate naming the source; customer 2 and the addresses both used stay', async () => {
    const before2 = await rows("SELECT c.*, (SELECT count(*)::int FROM orders o WHERE o.customer_id = c.id) AS n_orders FROM customer c WHERE c.email = 'customer-2@example.com'");
    const request = await mutate(gw, 'eraseSubject', { ref: { email: 'customer-1@example.com' }, reason: 'test: Fides example' });
    const done = await waitFor(gw, request.id, 60_000);
    expect(done.status).toBe('COMPLETED');
    const cert = done.certificate.sources.find((s: { source: string }) => s.source === 'cookie');
    expect(cert).toBeDefined();
    // customer, 3 orders, 6 logins, 1 card, 1 visit, 1 service request; addresses 1 and 2 shared. Her
    // order items hold only `system.operations` in Fides' own dataset: not personal data, so kept.
    expect(cert.deleted).toBe(1 + 3 + 6 + 1 + 1 + 1);
    expect(cert.retained).toBe(2);
    expect(cert.retainedUnder).toBe('shared');
    expect(await rows("SELECT * FROM customer WHERE email = 'customer-1@example.com'")).toEqual([]);
    expect(await rows('SELECT * FROM login WHERE customer_id = 1')).toEqual([]);
    expect(await rows("SELECT * FROM orders WHERE id IN ('ord_aaa-aaa', 'ord_ccc-ccc', 'ord_ddd-ddd')")).toEqual([]);
    expect((await rows('SELECT id FROM address WHERE id IN (1, 2) ORDER BY id')).map((a) => Number(a.id))).toEqual([1, 2]);
    expect(await rows("SELECT c.*, (SELECT count(*)::int FROM orders o WHERE o.customer_id = c.id) AS n_orders FROM customer c WHERE c.email = 'customer-2@example.com'")).toEqual(before2);
    expect((await rows('SELECT count(*)::int AS n FROM product'))[0]!.n).toBe(6);
    expect((await rows("SELECT count(*)::int AS n FROM order_item WHERE order_id = 'ord_ccc-ccc'"))[0]!.n).toBe(2);
    const again = await gw.query(SUBJECT, { ...OFFICER, variables: { ref: { email: 'customer-1@example.com' } } });
    expect(again.body.data?.subject?.cookieCustomer ?? []).toEqual([]);
  });
});
