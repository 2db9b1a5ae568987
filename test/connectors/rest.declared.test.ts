import { restKind } from '../../connectors/rest/restKind';
import { SourceUnavailableError, TransientSourceError } from '../../src/errors';
import type { Connector, ErasePlan } from '../../src/sources/Connector';
import type { Identity } from '../../src/sources/Identity';
import type { RestFixture } from './restFixture';
import { failure, kindContext, paymentsDeclaration, startRestFixture } from './restFixture';

/**
 * The declared `payments` source end to end through the engine, checked at the processor: a
 * batch read is one search per collection whatever the number of subjects, a hold keeps a recent
 * payment restricted while the rest goes, a rectified name is written at the processor (issue
 * #10), and failures reach the gateway classified.
 */
let fx: RestFixture;
let connector: Connector;

beforeAll(async () => {
  fx = await startRestFixture();
  connector = await restKind.open(paymentsDeclaration({ url: fx.processor.url }), kindContext);
});
afterAll(async () => {
  await connector.close();
  await fx.stop();
});
beforeEach(() => {
  fx.processor.faults.clear();
  fx.processor.stats.reset();
});

const customer = (value: string): Identity => ({ type: 'CUSTOMER_ID', value });
const accounting = { name: 'accounting', categories: ['payment.transaction'], years: 5 };
const plan = (id: string): ErasePlan => ({ identities: [customer(id)], action: 'delete', holds: [accounting], now: new Date() });

it('reads any number of subjects with one call per collection', async () => {
  const ids = Array.from({ length: 40 }, (_, i) => `cus_decl_many_${i}`);
  for (const id of ids) await fx.seedCustomer(id, 1);
  fx.processor.stats.reset();
  const results = await connector.findByIdentities(ids.map(customer));
  expect(results.map((r) => (Array.isArray(r) ? r.map((x) => x.collection).sort() : r))).toEqual(ids.map(() => ['customers', 'payments']));
  expect(fx.processor.stats.snapshot()).toEqual({ 'POST /v1/payments/search': 1, 'POST /v1/customers/search': 1 });
  const [first] = results;
  const payment = Array.isArray(first) ? first.find((r) => r.collection === 'payments') : undefined;
  expect(payment?.fields).toEqual({ id: 'pay_decl_many_0_0', source: 'payments', createdAt: '2024-01-01T00:00:00.000Z', amount: 10, currency: 'EUR', status: 'succeeded', cardLast4: '4242' });
  const profile = Array.isArray(first) ? first.find((r) => r.collection === 'customers')?.profile : undefined;
  expect(profile).toEqual({ name: 'Name of cus_decl_many_0' });
});

it('keeps a payment a hold covers, restricted at the processor, erases the rest, reports it again on a second run, and purges it by id', async () => {
  await fx.seedCustomer('cus_decl_dave', 2, { yearsAgo: [10, 1] });
  const planned = await connector.planErase(plan('cus_decl_dave'));
  expect(planned).toMatchObject({ deleted: 2, retained: 1, retainedRecords: [{ id: 'payments/["pay_decl_dave_1"]', hold: 'accounting' }] });
  expect(await connector.erase(plan('cus_decl_dave'))).toEqual(planned);
  expect((await fx.api('GET /v1/customers/cus_decl_dave')).status).toBe(404);
  expect((await fx.api('GET /v1/payments/pay_decl_dave_0')).status).toBe(404);
  expect((await fx.api('GET /v1/payments/pay_decl_dave_1')).body).toMatchObject({ customerId: 'cus_decl_dave', restricted: true });
  const again = await connector.erase(plan('cus_decl_dave'));
  expect(again).toMatchObject({ deleted: 0, retained: 1 });
  expect(await connector.findByIdentities([customer('cus_decl_dave')])).toEqual([[]]);
  // When the hold ends, the record is purged by the id the erasure reported.
  expect(await connector.purgeRecords(['payments/["pay_decl_dave_1"]'])).toEqual({ deleted: 1 });
  expect((await fx.api('GET /v1/payments/pay_decl_dave_1')).status).toBe(404);
  expect(await connector.purgeRecords(['payments/["pay_decl_dave_1"]'])).toEqual({ deleted: 0 });
});

it('writes a rectified name at the processor', async () => {
  await fx.seedCustomer('cus_decl_rectify', 1, { name: 'Wrong Name' });
  expect(await connector.rectify({ identities: [customer('cus_decl_rectify')] }, { name: 'Right Name' })).toEqual({ records: 1, mode: 'overwrite' });
  expect((await fx.api('GET /v1/customers/cus_decl_rectify')).body.name).toBe('Right Name');
  expect(fx.processor.stats.count('PATCH /v1/customers/:id')).toBe(1);
});

it('nulls a read on a failing processor, and keeps an action\'s failure transient with its Retry-After', async () => {
  await fx.seedCustomer('cus_decl_fail', 1);
  fx.processor.faults.set({ status: 500 });
  const read = await failure(connector.findByIdentities([customer('cus_decl_fail')]));
  expect(read).toBeInstanceOf(SourceUnavailableError);
  fx.processor.faults.set({ status: 429, retryAfterSeconds: 3 });
  const action = await failure(connector.erase(plan('cus_decl_fail')));
  expect(action).toBeInstanceOf(TransientSourceError);
  expect((action as TransientSourceError).retryAfterMs).toBe(3000);
  fx.processor.faults.clear();
  expect((await fx.api('GET /v1/customers/cus_decl_fail')).status).toBe(200);
});
