import type { RestDriver } from '../../connectors/rest/createRestDriver';
import type { RestFixture } from './restFixture';
import { startRestFixture } from './restFixture';

/**
 * Writes through the rest kind, checked at the processor itself (its own API, its call
 * counters): restriction by a dedicated endpoint and by an update's flag, rectification in
 * place, deletion per key and batched, correction notes, and what the declaration cannot do.
 */
let fx: RestFixture;
let driver: RestDriver;

beforeAll(async () => {
  fx = await startRestFixture();
  driver = fx.driver();
});
afterAll(() => fx.stop());
beforeEach(() => fx.processor.stats.reset());

const payments = () => fx.collection('payments');
const customers = () => fx.collection('customers');
const keys = (...ids: string[]) => ids.map((id) => [id]);

describe('restrict', () => {
  it('restricts payments, each on its own, through the batched endpoint, idempotently, and lifts it', async () => {
    await fx.seedCustomer('cus_w_restrict', 3);
    const ids = ['pay_w_restrict_0', 'pay_w_restrict_1'];
    expect(await driver.update(payments(), keys(...ids, 'pay_w_never'), { restricted: true })).toBe(2);
    expect(await driver.update(payments(), keys(...ids), { restricted: true })).toBe(2);
    expect(fx.processor.stats.snapshot()).toEqual({ 'POST /v1/payments/restrict': 2 });
    const rows = await driver.select(payments(), [{ path: 'customerId', values: ['cus_w_restrict'] }]);
    expect(rows.map((r) => [r.id, r.restricted])).toEqual([['pay_w_restrict_0', true], ['pay_w_restrict_1', true], ['pay_w_restrict_2', false]]);
    expect(await driver.update(payments(), keys(...ids), { restricted: false })).toBe(2);
    expect((await fx.api('GET /v1/payments/pay_w_restrict_0')).body.restricted).toBe(false);
  });

  it('restricts a customer through its update, leaving its payments as they are', async () => {
    await fx.seedCustomer('cus_w_flag', 2);
    expect(await driver.update(customers(), keys('cus_w_flag'), { restricted: true })).toBe(1);
    expect(fx.processor.stats.snapshot()).toEqual({ 'PATCH /v1/customers/:id': 1 });
    expect((await fx.api('GET /v1/customers/cus_w_flag')).body).toMatchObject({ restricted: true, name: 'Name of cus_w_flag' });
    expect((await fx.api('GET /v1/payments/pay_w_flag_0')).body.restricted).toBe(false);
  });

  it('restricts through a dedicated endpoint per record, where that is what the API has', async () => {
    await fx.seedCustomer('cus_w_dedicated', 1);
    const dedicated = fx.driver((o) => (o.endpoints.customers.restrict = { path: '/v1/customers/{id}/restrict', body: { restricted: '{restricted}' } }));
    expect(await dedicated.update(customers(), keys('cus_w_dedicated', 'cus_w_nobody'), { restricted: true })).toBe(1);
    expect(fx.processor.stats.snapshot()).toEqual({ 'POST /v1/customers/:id/restrict': 2 });
    expect((await fx.api('GET /v1/customers/cus_w_dedicated')).body.restricted).toBe(true);
    // The name is not the flag: it still goes through the update.
    expect(await dedicated.update(customers(), keys('cus_w_dedicated'), { name: 'Dee' })).toBe(1);
    expect(fx.processor.stats.count('PATCH /v1/customers/:id')).toBe(1);
  });

  it('splits a write between the restrict endpoint and an update that does not carry the flag', async () => {
    await fx.seedCustomer('cus_w_split', 0);
    const split = fx.driver((o) => {
      o.endpoints.customers.restrict = { path: '/v1/customers/{id}/restrict', body: { restricted: '{restricted}' } };
      o.endpoints.customers.update.body = { name: '{name}' };
    });
    expect(await split.update(customers(), keys('cus_w_split'), { restricted: true, name: 'Split' })).toBe(1);
    expect(fx.processor.stats.snapshot()).toEqual({ 'POST /v1/customers/:id/restrict': 1, 'PATCH /v1/customers/:id': 1 });
    expect((await fx.api('GET /v1/customers/cus_w_split')).body).toMatchObject({ restricted: true, name: 'Split' });
  });

  it('counts a record already gone as not changed (404)', async () => {
    expect(await driver.update(payments(), keys('pay_w_nobody'), { restricted: true })).toBe(0);
    expect(await driver.update(customers(), keys('cus_w_nobody'), { name: 'X' })).toBe(0);
  });
});

describe('update', () => {
  it('writes a rectified name at the processor, and nothing it was not given', async () => {
    await fx.seedCustomer('cus_w_name', 1, { restricted: true });
    expect(await driver.update(customers(), keys('cus_w_name'), { name: 'Corrected Name' })).toBe(1);
    expect((await fx.api('GET /v1/customers/cus_w_name')).body).toMatchObject({ name: 'Corrected Name', restricted: true });
  });

  it('writes each row its own values', async () => {
    await fx.seedCustomer('cus_w_each_a', 0);
    await fx.seedCustomer('cus_w_each_b', 0);
    await fx.seedCustomer('cus_w_each_c', 0);
    const changed = await driver.updateEach(customers(), [
      { key: ['cus_w_each_a'], set: { name: null } },
      { key: ['cus_w_each_b'], set: { name: 'B' } },
      { key: ['cus_w_each_c'], set: { name: null } },
    ]);
    expect(changed).toBe(3);
    const names = await Promise.all(['a', 'b', 'c'].map(async (s) => (await fx.api(`GET /v1/customers/cus_w_each_${s}`)).body.name));
    expect(names).toEqual([null, 'B', null]);
  });

  it('shares one batched call between rows written alike, where the endpoint takes a batch', async () => {
    await fx.seedCustomer('cus_w_batch', 4);
    const writes = [true, false, true, true].map((restricted, n) => ({ key: [`pay_w_batch_${n}`], set: { restricted } }));
    expect(await driver.updateEach(payments(), writes)).toBe(4);
    expect(fx.processor.stats.snapshot()).toEqual({ 'POST /v1/payments/restrict': 2 });
    const rows = await driver.select(payments(), [{ path: 'customerId', values: ['cus_w_batch'] }]);
    expect(rows.map((r) => r.restricted)).toEqual([true, false, true, true]);
  });

  it('refuses a write the declaration gives no endpoint for, before any call', async () => {
    await expect(driver.update(payments(), keys('pay_w_restrict_0'), { amount: 1 })).rejects.toThrow('expected an endpoint of payments.payments that writes amount, got no update endpoint');
    await expect(driver.update(customers(), keys('cus_w_name'), { name: 'N', createdAt: null })).rejects.toThrow('expected an endpoint of payments.customers that writes createdAt, got an update whose body does not carry them');
    await expect(driver.update(customers(), [['cus_a', 'extra']], { name: 'N' })).rejects.toThrow('expected keys of customers with 1 part(s) (id), got 2');
    expect(fx.processor.stats.total()).toBe(0);
  });

  it('declares what it can do per collection', () => {
    expect(driver.capabilities(payments())).toEqual({ writes: [], restrict: true, delete: true, annotate: true });
    expect(driver.capabilities(customers())).toEqual({ writes: ['name', 'restricted'], restrict: true, delete: true, annotate: false });
  });
});

describe('delete', () => {
  it('deletes payments in batched calls, counting what the processor removed; a second run deletes nothing', async () => {
    await fx.seedCustomer('cus_w_delete', 5);
    const batched = fx.driver((o) => (o.endpoints.payments.delete.batch = 2));
    const ids = [0, 1, 2, 3, 4].map((n) => `pay_w_delete_${n}`);
    expect(await batched.delete(payments(), keys(...ids, 'pay_w_never'))).toBe(5);
    expect(fx.processor.stats.snapshot()).toEqual({ 'POST /v1/payments/delete': 3 });
    expect(await batched.delete(payments(), keys(...ids))).toBe(0);
    expect(await driver.select(payments(), [{ path: 'customerId', values: ['cus_w_delete'] }])).toEqual([]);
  });

  it('deletes customer records alone, in one batched call; their payments stay until deleted themselves', async () => {
    await fx.seedCustomer('cus_w_batch_a', 1);
    await fx.seedCustomer('cus_w_batch_b', 1);
    expect(await driver.delete(customers(), keys('cus_w_batch_a', 'cus_w_batch_b', 'cus_w_never'))).toBe(2);
    expect(fx.processor.stats.snapshot()).toEqual({ 'POST /v1/customers/delete': 1 });
    expect((await fx.api('GET /v1/customers/cus_w_batch_a')).status).toBe(404);
    const left = await driver.select(payments(), [{ path: 'customerId', values: ['cus_w_batch_a', 'cus_w_batch_b'] }]);
    expect(left.map((r) => r.id).sort()).toEqual(['pay_w_batch_a_0', 'pay_w_batch_b_0']);
    expect(await driver.delete(customers(), keys('cus_w_batch_a'))).toBe(0);
  });

  it('deletes a customer record alone, per key ({id} in the path); a record already gone (404) counts nothing', async () => {
    await fx.seedCustomer('cus_w_alone', 2);
    const perKey = fx.driver((o) => (o.endpoints.customers.delete = { path: '/v1/customers/{id}', query: { cascade: false } }));
    expect(await perKey.delete(customers(), keys('cus_w_alone'))).toBe(1);
    expect(fx.processor.stats.snapshot()).toEqual({ 'DELETE /v1/customers/:id': 1 });
    expect((await fx.api('GET /v1/customers/cus_w_alone')).status).toBe(404);
    const left = await driver.select(payments(), [{ path: 'customerId', values: ['cus_w_alone'] }]);
    expect(left.map((r) => r.id)).toEqual(['pay_w_alone_0', 'pay_w_alone_1']);
    expect(await perKey.delete(customers(), keys('cus_w_alone'))).toBe(0);
  });
});

describe('annotate', () => {
  it('adds a correction note to immutable payments, where the collection declares it', async () => {
    await fx.seedCustomer('cus_w_note', 2);
    const annotate = driver.annotator(payments());
    if (!annotate) throw new Error('expected payments to declare annotate');
    expect(await annotate(keys('pay_w_note_0', 'pay_w_note_1', 'pay_w_gone'), 'name corrected')).toBe(2);
    expect((await fx.api('GET /v1/payments/pay_w_note_0')).body.notes).toEqual([{ at: expect.any(String), note: 'name corrected' }]);
    expect(driver.annotator(customers())).toBeNull();
    await expect(annotate(keys('pay_w_note_0'), ' ')).rejects.toThrow('expected a note as a non-empty string, got an empty one');
  });
});

