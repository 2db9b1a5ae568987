import { PROCESSOR_LIMITS } from '../../connectors/payments/ProcessorApi';
import type { PaymentsFixture } from './paymentsFixture';
import { API_KEY, startPaymentsFixture } from './paymentsFixture';

/** The demo processor's own API, as any client sees it: refusals say what was expected. */
let fx: PaymentsFixture;
beforeAll(async () => {
  fx = await startPaymentsFixture();
  await fx.seedCustomer({ id: 'cus_api', payments: [{ yearsAgo: 3 }, { yearsAgo: 2 }, { yearsAgo: 1 }] });
});
afterAll(() => fx.processor.stop());
beforeEach(() => fx.processor.faults.clear());

const error = (type: string, message: RegExp | string) => ({ error: { type, message: expect.stringMatching(message) } });

it('answers /health without credentials but refuses a wrong key there too', async () => {
  expect(await fx.api('/health', { apiKey: null })).toMatchObject({ status: 200, body: { status: 'ok' } });
  const wrong = await fx.api('/health', { apiKey: 'sk_wrong' });
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
});

it('lists a customer and its payments Stripe-style, paged by starting_after', async () => {
  expect((await fx.api('/v1/customers/cus_api')).body).toMatchObject({ id: 'cus_api', name: 'Name of cus_api', restricted: false });
  const first = await fx.api('/v1/customers/cus_api/payments?limit=2');
  expect(first.body).toMatchObject({ has_more: true, data: [{ id: 'pay_api_0' }, { id: 'pay_api_1' }] });
  const second = await fx.api('/v1/customers/cus_api/payments?limit=2&starting_after=pay_api_1');
  expect(second.body).toMatchObject({ has_more: false, data: [{ id: 'pay_api_2' }] });
  expect((await fx.api('/v1/customers/cus_api/payments?starting_after=pay_elsewhere')).status).toBe(400);
  expect((await fx.api('/v1/customers/cus_missing')).body).toEqual(error('invalid_request_error', 'no such customer'));
});

it('pages a search by next_cursor, in (createdAt, id) order', async () => {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    const { body } = await fx.api('/v1/payments/search', { method: 'POST', body: { customer_ids: ['cus_api', 'cus_other'], limit: 1, starting_after: cursor } });
    const b = body as { data: Array<{ id: string }>; has_more: boolean; next_cursor: string | null };
    ids.push(...b.data.map((d) => d.id));
    if (!b.has_more) {
      expect(b.next_cursor).toBeNull();
      break;
    }
    cursor = b.next_cursor ?? undefined;
  }
  expect(ids).toEqual(['pay_api_0', 'pay_api_1', 'pay_api_2']);
});

it.each([
  [{ customer_ids: [] }, /customer_ids to be an array of 1 to 1000 ids, got 0 items/],
  [{ customer_ids: Array.from({ length: PROCESSOR_LIMITS.maxSearchIds + 1 }, (_, i) => `cus_${i}`) }, /got 1001 items/],
  [{ customer_ids: ['cus_api'], limit: 0 }, /expected limit to be an integer from 1 to 1000, got 0/],
  [{ customer_ids: ['cus_api'], limit: 5000 }, /got 5000/],
  [{ customer_ids: ['cus_api'], starting_after: 'garbage' }, /expected starting_after to be a next_cursor/],
  [{ customer_ids: ['cus_api'], include_restricted: 'yes' }, /expected include_restricted to be true or false/],
  [{ customer_ids: ['cus_api'], expand: ['card'] }, /expected expand/],
  [{ customer_ids: ['cus_api'], cursor: 'x' }, /expected parameters among .*, got cursor/],
  [{ customer_ids: ['bad id'] }, /expected customer_ids to hold ids/],
  [[1, 2], /expected a JSON object body, got \[1,2\]/],
])('refuses a malformed search %#', async (body, message) => {
  const res = await fx.api('/v1/payments/search', { method: 'POST', body });
  expect(res.status).toBe(400);
  expect(res.body).toEqual(error('invalid_request_error', message));
});

it('refuses bodies that are too large, not JSON, or do not parse', async () => {
  const post = (body: string, options: { type?: string; key?: string } = {}) =>
    fetch(`${fx.processor.url}/v1/payments/search`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.key ?? API_KEY}`, 'Content-Type': options.type ?? 'application/json' },
      body,
    });
  expect((await post('x'.repeat(PROCESSOR_LIMITS.maxBodyBytes + 1))).status).toBe(413);
  expect((await post('{}', { type: 'text/plain' })).status).toBe(415);
  const broken = await post('{"customer_ids": [');
  expect(broken.status).toBe(400);
  expect(await broken.json()).toEqual(error('invalid_request_error', 'expected a JSON body, got text that does not parse'));
  expect((await post('{}', { key: 'sk_wrong' })).status).toBe(401);
});

it('answers unknown routes with 404 and wrong methods with 405, counting them apart', async () => {
  fx.processor.stats.reset();
  expect((await fx.api('/v2/nothing')).status).toBe(404);
  const wrong = await fx.api('/v1/customers/cus_api/restrict');
  expect(wrong.status).toBe(405);
  expect(wrong.headers.get('allow')).toBe('POST');
  expect(fx.processor.stats.count('unmatched')).toBe(2);
  expect(fx.processor.stats.snapshot()).toEqual({ unmatched: 2 });
});

it('keeps payments immutable: corrections are notes, and a note must be text', async () => {
  const res = await fx.api('/v1/payments/pay_api_0/notes', { method: 'POST', body: { note: 'corrected: name' } });
  expect(res.body).toMatchObject({ id: 'pay_api_0', notes: [{ note: 'corrected: name', at: expect.any(String) }] });
  expect((await fx.api('/v1/payments/pay_api_0/notes', { method: 'POST', body: { note: '' } })).status).toBe(400);
  expect((await fx.api('/v1/payments/pay_api_0/notes', { method: 'POST', body: { note: 'x', amount: 1 } })).status).toBe(400);
  expect((await fx.api('/v1/payments/pay_missing/notes', { method: 'POST', body: { note: 'x' } })).status).toBe(404);
});

describe('the calls a generic client needs (the rest kind)', () => {
  beforeAll(async () => {
    for (const id of ['cus_gen_a', 'cus_gen_b', 'cus_gen_c']) await fx.seedCustomer({ id, payments: [{ yearsAgo: 1 }, { yearsAgo: 2 }] });
  });

  it('searches customers by id in a batch, paged by next_cursor, restricted ones on request', async () => {
    await fx.api('/v1/customers/cus_gen_c', { method: 'PATCH', body: { restricted: true } });
    const first = await fx.api('/v1/customers/search', { method: 'POST', body: { ids: ['cus_gen_a', 'cus_gen_b', 'cus_gen_c', 'cus_none'], limit: 1 } });
    const page = first.body as { data: Array<{ id: string }>; has_more: boolean; next_cursor: string };
    expect(page).toMatchObject({ data: [{ id: 'cus_gen_a' }], has_more: true });
    const rest = await fx.api('/v1/customers/search', { method: 'POST', body: { ids: ['cus_gen_a', 'cus_gen_b', 'cus_gen_c'], starting_after: page.next_cursor } });
    expect(rest.body).toMatchObject({ data: [{ id: 'cus_gen_b' }], has_more: false, next_cursor: null });
    const all = await fx.api('/v1/customers/search', { method: 'POST', body: { ids: ['cus_gen_c'], include_restricted: true } });
    expect(all.body).toMatchObject({ data: [{ id: 'cus_gen_c', restricted: true }] });
    expect((await fx.api('/v1/customers/search', { method: 'POST', body: { ids: [] } })).body).toEqual(error('invalid_request_error', 'expected ids to be an array of 1 to 1000 ids, got 0 items'));
  });

  it('updates a customer\'s own record (name, restriction), leaving its payments as they are', async () => {
    const res = await fx.api('/v1/customers/cus_gen_a', { method: 'PATCH', body: { name: 'Gen Corrected', restricted: true } });
    expect(res.body).toMatchObject({ id: 'cus_gen_a', name: 'Gen Corrected', restricted: true });
    expect((await fx.api('/v1/payments/pay_gen_a_0')).body).toMatchObject({ restricted: false });
    expect((await fx.api('/v1/customers/cus_gen_a', { method: 'PATCH', body: { name: null, restricted: false } })).body).toMatchObject({ name: null, restricted: false });
    expect((await fx.api('/v1/customers/cus_gen_a', { method: 'PATCH', body: { name: '' } })).status).toBe(400);
    expect((await fx.api('/v1/customers/cus_gen_a', { method: 'PATCH', body: { email: 'x@example.com' } })).body).toEqual(error('invalid_request_error', 'expected parameters among name, restricted, got email'));
    expect((await fx.api('/v1/customers/cus_none', { method: 'PATCH', body: { name: 'N' } })).status).toBe(404);
  });

  it('restricts and deletes payments by id in a batch, counting those that exist', async () => {
    const restricted = await fx.api('/v1/payments/restrict', { method: 'POST', body: { ids: ['pay_gen_b_0', 'pay_none'], restricted: true } });
    expect(restricted.body).toEqual({ updated: 1 });
    expect((await fx.api('/v1/payments/pay_gen_b_0')).body).toMatchObject({ restricted: true });
    expect((await fx.api('/v1/payments/pay_gen_b_1')).body).toMatchObject({ restricted: false });
    expect((await fx.api('/v1/payments/restrict', { method: 'POST', body: { ids: ['pay_gen_b_0'] } })).status).toBe(400);
    expect((await fx.api('/v1/payments/delete', { method: 'POST', body: { ids: ['pay_gen_b_0', 'pay_gen_b_1', 'pay_none'] } })).body).toEqual({ deleted: 2 });
    expect((await fx.api('/v1/payments/delete', { method: 'POST', body: { ids: ['pay_gen_b_0'] } })).body).toEqual({ deleted: 0 });
  });

  it('deletes a customer record alone with cascade=false', async () => {
    expect((await fx.api('/v1/customers/cus_gen_c?cascade=false', { method: 'DELETE' })).body).toMatchObject({ deleted: true, payments_deleted: 0 });
    expect((await fx.api('/v1/customers/cus_gen_c')).status).toBe(404);
    expect((await fx.api('/v1/payments/pay_gen_c_0')).status).toBe(200);
    expect((await fx.api('/v1/customers/cus_gen_a?cascade=maybe', { method: 'DELETE' })).status).toBe(400);
  });

  it('deletes customer records alone by id in a batch, counting those that exist; their payments stay', async () => {
    for (const id of ['cus_gen_d', 'cus_gen_e']) await fx.seedCustomer({ id, payments: [{ yearsAgo: 1 }] });
    expect((await fx.api('/v1/customers/delete', { method: 'POST', body: { ids: ['cus_gen_d', 'cus_gen_e', 'cus_none'] } })).body).toEqual({ deleted: 2 });
    expect((await fx.api('/v1/customers/cus_gen_d')).status).toBe(404);
    expect((await fx.api('/v1/customers/cus_gen_e')).status).toBe(404);
    expect((await fx.api('/v1/payments/pay_gen_d_0')).status).toBe(200);
    expect((await fx.api('/v1/customers/delete', { method: 'POST', body: { ids: ['cus_gen_d'] } })).body).toEqual({ deleted: 0 });
    expect((await fx.api('/v1/customers/delete', { method: 'POST', body: { ids: [] } })).status).toBe(400);
  });
});

describe('fault injection', () => {
  it('refuses faults it cannot produce', () => {
    expect(() => fx.processor.faults.set({ status: 404 as 500 })).toThrow(/expected status to be 500, 503 or 429, got 404/);
    expect(() => fx.processor.faults.set({ times: 0 })).toThrow(/expected times to be a positive whole number/);
    expect(() => fx.processor.faults.set({ routes: ['GET /nowhere' as 'GET /health'] })).toThrow(/expected routes among/);
    expect(() => fx.processor.faults.set({ closeMidBody: true, malformedJson: true })).toThrow(/at most one of/);
  });

  it('faults only the given routes, the given number of times, then recovers', async () => {
    fx.processor.faults.set({ status: 503, retryAfterSeconds: 2, times: 2, routes: ['GET /v1/customers/:id'] });
    expect((await fx.api('/health')).status).toBe(200);
    const first = await fx.api('/v1/customers/cus_api');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('2');
    expect((await fx.api('/v1/customers/cus_api')).status).toBe(503);
    expect((await fx.api('/v1/customers/cus_api')).status).toBe(200);
  });
});
