import type { RestFixture } from './restFixture';
import { startRestFixture } from './restFixture';

/**
 * Reads through the rest kind, against the demo processor: calls counted AT the processor
 * (RouteStats), so batching and paging are what the API saw, not what the client believes.
 */
let fx: RestFixture;
const customers = Array.from({ length: 7 }, (_, i) => `cus_search_${i}`);

beforeAll(async () => {
  fx = await startRestFixture();
  for (const [i, id] of customers.entries()) await fx.seedCustomer(id, 1 + (i % 3));
  await fx.seedCustomer('cus_search_held', 2, { restricted: true });
});
afterAll(() => fx.stop());
beforeEach(() => fx.processor.stats.reset());

const SEARCH = 'POST /v1/payments/search';
const paymentsOf = (ids: readonly string[]) => ids.flatMap((id, i) => Array.from({ length: 1 + (i % 3) }, (_, n) => `pay_${id.replace(/^cus_/, '')}_${n}`));
const idsOf = (rows: ReadonlyArray<Record<string, unknown>>) => rows.map((r) => r.id).sort();

it('finds every payment of N customers in one call, up to the declared batch', async () => {
  const rows = await fx.driver().select(fx.collection('payments'), [{ path: 'customerId', values: customers }]);
  expect(idsOf(rows)).toEqual(paymentsOf(customers).sort());
  expect(fx.processor.stats.snapshot()).toEqual({ [SEARCH]: 1 });
});

it('splits the values into calls of the batch size', async () => {
  const driver = fx.driver((o) => (o.endpoints.payments.search.customerId.batch = 3));
  const rows = await driver.select(fx.collection('payments'), [{ path: 'customerId', values: customers }]);
  expect(idsOf(rows)).toEqual(paymentsOf(customers).sort());
  expect(fx.processor.stats.count(SEARCH)).toBe(Math.ceil(customers.length / 3));
});

it('follows the cursor across pages, each row once, in the API\'s order', async () => {
  const driver = fx.driver((o) => (o.endpoints.payments.search.customerId.body.limit = 2));
  const rows = await driver.select(fx.collection('payments'), [{ path: 'customerId', values: customers }]);
  const expected = paymentsOf(customers);
  expect(rows).toHaveLength(expected.length);
  expect(idsOf(rows)).toEqual([...expected].sort());
  expect(fx.processor.stats.count(SEARCH)).toBe(Math.ceil(expected.length / 2));
  const dates = rows.map((r) => String(r.createdAt));
  expect(dates).toEqual([...dates].sort());
});

it('pages a per-value list by the last row\'s id, Stripe-style', async () => {
  const driver = fx.driver((o) => {
    o.endpoints.payments.search.customerId = {
      path: '/v1/customers/{value}/payments',
      query: { limit: 1, include_restricted: true },
      results: 'data',
      page: { param: 'starting_after', lastRow: 'id', hasMore: 'has_more' },
    };
  });
  const rows = await driver.select(fx.collection('payments'), [{ path: 'customerId', values: ['cus_search_2', 'cus_search_nobody'] }]);
  expect(idsOf(rows)).toEqual(['pay_search_2_0', 'pay_search_2_1', 'pay_search_2_2']);
  // Three pages of one for the customer, one 404 (no rows) for the unknown one.
  expect(fx.processor.stats.count('GET /v1/customers/:id/payments')).toBe(4);
});

it('makes one GET per value when the API has no batch search, a 404 being no row', async () => {
  const driver = fx.driver((o) => (o.endpoints.customers.search.id = { path: '/v1/customers/{value}', concurrency: 2 }));
  const wanted = [...customers.slice(0, 5), 'cus_search_nobody'];
  const rows = await driver.select(fx.collection('customers'), [{ path: 'id', values: wanted }]);
  expect(idsOf(rows)).toEqual(customers.slice(0, 5).sort());
  expect(fx.processor.stats.snapshot()).toEqual({ 'GET /v1/customers/:id': wanted.length });
});

it('finds customers by id in one batched call, with their names', async () => {
  const rows = await fx.driver().select(fx.collection('customers'), [{ path: 'id', values: customers.slice(0, 3) }]);
  expect(rows.map((r) => r.name).sort()).toEqual(customers.slice(0, 3).map((id) => `Name of ${id}`).sort());
  expect(fx.processor.stats.snapshot()).toEqual({ 'POST /v1/customers/search': 1 });
});

it('includes restricted rows (the engine decides who sees them), and returns a row reached twice once', async () => {
  const driver = fx.driver();
  const rows = await driver.select(fx.collection('payments'), [
    { path: 'customerId', values: ['cus_search_held', 'cus_search_held'] },
    { path: 'id', values: ['pay_search_held_0'] },
  ]);
  expect(rows.map((r) => [r.id, r.restricted])).toEqual([['pay_search_held_0', true], ['pay_search_held_1', true]]);
  expect(fx.processor.stats.snapshot()).toEqual({ [SEARCH]: 1, 'GET /v1/payments/:id': 1 });
});

it('makes no call for no values, and refuses a path it has no search for', async () => {
  const driver = fx.driver();
  expect(await driver.select(fx.collection('payments'), [{ path: 'customerId', values: [] }])).toEqual([]);
  expect(fx.processor.stats.total()).toBe(0);
  await expect(driver.select(fx.collection('payments'), [{ path: 'cardLast4', values: ['4242'] }])).rejects.toThrow('expected a search of payments.payments by cardLast4, got none declared (customerId, id)');
  expect(fx.processor.stats.total()).toBe(0);
});

it('answers a health check', async () => {
  await expect(fx.driver().ping(AbortSignal.timeout(5000))).resolves.toBeUndefined();
  expect(fx.processor.stats.snapshot()).toEqual({ 'GET /health': 1 });
});
