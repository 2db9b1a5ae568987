import { gatewayClient } from '../examples/graphql-http/readSubject';
import type { TestGateway } from './kit/startTestGateway';
import { startTestGateway } from './kit/startTestGateway';

describe('examples/graphql-http: a real client against a live gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });
  const url = () => `${gw.url}/graphql`;
  const BOB = 'query Bob { subject(ref:{customerId:"cus_bob"}) { profile { name email } orders { total ip } } }';

  it('reads data under its purpose', async () => {
    const read = gatewayClient({ url: url(), token: await gw.token(['shop_service']), purpose: 'order_fulfillment' });
    const answer = await read('{ subject(ref:{customerId:"cus_bob"}) { profile { name email } orders { total } } }');
    expect(answer.errors).toEqual([]);
    expect(answer.data).toMatchObject({ subject: { profile: { name: 'Bob Brown', email: 'bob@example.com' } } });
  });

  it('keeps partial data next to FORBIDDEN', async () => {
    const read = gatewayClient({ url: url(), token: await gw.token(['support_agent']), purpose: 'customer_support' });
    const answer = await read(BOB);
    expect(answer.data).toMatchObject({ subject: { profile: { name: 'Bob Brown' }, orders: [{ total: expect.any(Number), ip: null }] } });
    expect(answer.errors).toContainEqual({ code: 'FORBIDDEN', path: 'subject.orders.0.ip' });
  });

  it('surfaces a refusal’s code and status', async () => {
    const read = gatewayClient({ url: url(), token: await gw.token(['shop_service']), purpose: 'marketing' });
    expect(await read(BOB)).toEqual({ data: null, errors: [{ code: 'PURPOSE_NOT_ALLOWED', path: '' }], status: 403 });
  });
});
