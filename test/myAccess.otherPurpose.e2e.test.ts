import type { TestGateway } from './kit/startTestGateway';
import { codes, OFFICER, startTestGateway } from './kit/startTestGateway';

const ACCESS = `query($purpose: String) { myAccess(purpose: $purpose) {
  client purpose { id requiresConsent seesBlocked depersonalized }
  categories { category access } fields { type field category access } identities { type category access }
} }`;

/**
 * myAccess(purpose:): the privacy office asks what another purpose gets without declaring it (the
 * console's "seen as"), and gets exactly what that purpose's own caller is told.
 */
describe('myAccess(purpose:) for the privacy office', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  const described = (body: { data?: { myAccess?: Record<string, unknown> } | null }) => {
    const { client: _client, ...rest } = body.data?.myAccess ?? {};
    return rest;
  };

  it.each(['order_fulfillment', 'analytics', 'marketing'])('describes %s to the officer as it describes it to its own caller', async (purpose) => {
    const roles = { order_fulfillment: ['shop_service'], analytics: ['analyst'], marketing: ['marketing_service'] }[purpose] ?? [];
    const own = await gw.query(ACCESS, { roles, purpose, variables: { purpose: null } });
    expect(own.body.errors).toBeUndefined();
    const asked = await gw.query(ACCESS, { ...OFFICER, variables: { purpose } });
    expect(asked.body.errors).toBeUndefined();
    expect(described(asked.body)).toEqual(described(own.body));
    expect((asked.body.data?.myAccess as { purpose: { id: string } }).purpose.id).toBe(purpose);
  });

  it('refuses another purpose to a purpose that is not the office\'s (FORBIDDEN), and a purpose the policy lacks (BAD_USER_INPUT)', async () => {
    const shop = await gw.query(ACCESS, { roles: ['shop_service'], purpose: 'order_fulfillment', variables: { purpose: 'analytics' } });
    expect(codes(shop)).toEqual(['FORBIDDEN']);
    expect(shop.body.data ?? null).toBeNull();
    const unknown = await gw.query(ACCESS, { ...OFFICER, variables: { purpose: 'no_such_purpose' } });
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(unknown.body)).not.toContain('no_such_purpose');
    // Naming the declared purpose is the plain question.
    const same = await gw.query(ACCESS, { roles: ['shop_service'], purpose: 'order_fulfillment', variables: { purpose: 'order_fulfillment' } });
    expect(same.body.errors).toBeUndefined();
  });
});
