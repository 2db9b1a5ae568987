import type { SigningKey } from './kit/jwksServer';
import { issue, signingKey, startJwksServer } from './kit/jwksServer';
import type { TestGateway } from './kit/startTestGateway';
import { TEST_SECRET, startTestGateway } from './kit/startTestGateway';
import { signToken } from '../src/auth/signToken';

const ISSUER = 'https://idp.example.com/realms/shop';
const AUDIENCE = 'privacy-gateway';
const SOURCES = '{ subject(ref:{email:"bob@example.com"}) { profile { name } } }';

describe('tokens from an identity provider (GATEWAY_JWKS_URL)', () => {
  let gw: TestGateway;
  let idp: Awaited<ReturnType<typeof startJwksServer>>;
  let rsa: SigningKey;
  let ec: SigningKey;
  beforeAll(async () => {
    rsa = await signingKey('2026-11', 'RS256');
    ec = await signingKey('2026-12', 'ES256');
    idp = await startJwksServer([rsa]);
    gw = await startTestGateway({
      env: { GATEWAY_JWKS_URL: idp.url, GATEWAY_JWKS_COOLDOWN_MS: '0', GATEWAY_JWT_ISSUER: ISSUER, GATEWAY_JWT_AUDIENCE: AUDIENCE, GATEWAY_ROLES_CLAIM: 'realm_access.roles' },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await idp?.close();
  });

  const read = async (token: string) => {
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'order_fulfillment' }, body: JSON.stringify({ query: SOURCES }) });
    const body = (await res.json()) as { data?: { subject: { profile: { name: string } } }; errors?: Array<{ extensions: { code: string } }> };
    return { status: res.status, name: body.data?.subject.profile.name ?? null, code: body.errors?.[0]?.extensions.code ?? null };
  };
  // Keycloak puts realm roles under realm_access.roles, next to its own default roles.
  const keycloak = (key: SigningKey, options: { issuer?: string; audience?: string } = {}) =>
    issue(key, { azp: 'shop-backend', realm_access: { roles: ['default-roles-shop', 'offline_access', 'shop_service'] } }, { issuer: options.issuer ?? ISSUER, audience: options.audience ?? AUDIENCE });

  it('accepts an RS256 token of the provider, with roles from the configured claim', async () => {
    expect(await read(await keycloak(rsa))).toEqual({ status: 200, name: 'Bob Brown', code: null });
  });

  it('refuses a wrong issuer or audience with UNAUTHENTICATED', async () => {
    expect(await read(await keycloak(rsa, { issuer: 'https://evil.example.com/realms/shop' }))).toEqual({ status: 401, name: null, code: 'UNAUTHENTICATED' });
    expect(await read(await keycloak(rsa, { audience: 'account' }))).toEqual({ status: 401, name: null, code: 'UNAUTHENTICATED' });
  });

  it('follows a key rotation without a restart: the new ES256 key is fetched on its first token, the retired key stops working', async () => {
    const before = idp.fetches();
    idp.publish([ec]);
    expect(await read(await keycloak(ec))).toEqual({ status: 200, name: 'Bob Brown', code: null });
    expect(idp.fetches()).toBeGreaterThan(before);
    expect(await read(await keycloak(rsa))).toEqual({ status: 401, name: null, code: 'UNAUTHENTICATED' });
  });

  it('refuses a token that has roles only in `roles` when the configured claim is realm_access.roles', async () => {
    const token = await signToken({ secret: TEST_SECRET, sub: 'shop', roles: ['shop_service'], issuer: ISSUER, audience: AUDIENCE });
    const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'order_fulfillment' }, body: JSON.stringify({ query: SOURCES }) });
    expect(res.status).toBe(401);
  });
});
