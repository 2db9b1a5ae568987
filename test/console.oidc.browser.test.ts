import type { Browser, Page } from 'playwright-core';
import type { Seen } from './kit/consoleBrowser';
import { axeViolations, CHROMIUM, hasChromium, launchChromium, screenshot, watchPage } from './kit/consoleBrowser';
import type { OidcTestProvider } from './kit/oidcTestProvider';
import { startOidcTestProvider } from './kit/oidcTestProvider';
import type { TestGateway } from './kit/startTestGateway';
import { startTestGateway } from './kit/startTestGateway';

/**
 * Signing in to the console with an identity provider (GATEWAY_OIDC_ISSUER): authorization code +
 * PKCE in headless Chromium against a local OpenID provider (test/kit/oidcTestProvider), whose
 * access token the gateway verifies through GATEWAY_JWKS_URL and whose roles claim decides the
 * purposes offered. The declared exception to "no other origin": the identity provider's.
 */
if (!hasChromium) console.warn(`console.oidc.browser.test: SKIPPED: ${CHROMIUM} is absent (apt-get install -y chromium).`);

const CLIENT_ID = 'officer-console';
const AUDIENCE = 'privacy-gateway';

(hasChromium ? describe : describe.skip)('the console signs an officer in with the identity provider (code + PKCE)', () => {
  let idp: OidcTestProvider;
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  const seen: Seen = { requests: [], problems: [] };

  beforeAll(async () => {
    idp = await startOidcTestProvider({ audience: AUDIENCE, claims: { sub: 'officer-olga', realm_access: { roles: ['offline_access', 'privacy_officer'] } } });
    gw = await startTestGateway({
      env: {
        GATEWAY_JWKS_URL: idp.jwksUrl,
        GATEWAY_JWKS_COOLDOWN_MS: '0',
        GATEWAY_JWT_ISSUER: idp.issuer,
        GATEWAY_JWT_AUDIENCE: AUDIENCE,
        GATEWAY_ROLES_CLAIM: 'realm_access.roles',
        GATEWAY_OIDC_ISSUER: idp.issuer,
        GATEWAY_OIDC_CLIENT_ID: CLIENT_ID,
      },
    });
    idp.register({ clientId: CLIENT_ID, redirectUri: `${gw.url}/console` });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await watchPage(page, seen);
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await idp?.close();
  });

  it('lets the page call the identity provider\'s origin and no other', async () => {
    const res = await fetch(`${gw.url}/console`);
    expect(res.headers.get('content-security-policy')).toContain(`connect-src 'self' ${idp.origin};`);
    const settings = (await (await fetch(`${gw.url}/console/settings.json`)).json()) as Record<string, unknown>;
    expect(settings.oidc).toEqual({ issuer: idp.issuer, clientId: CLIENT_ID, scope: 'openid' });
    expect(settings.rolesClaim).toBe('realm_access.roles');
  });

  it('goes to the provider with an S256 challenge, comes back with its token, offers the purposes of its roles, and reads a person', async () => {
    await page.goto(`${gw.url}/console`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in with the identity provider' }).click();
    await page.waitForFunction(() => location.pathname === '/console' && !location.search && document.querySelector('#purpose option[value="dsr_handling"]') !== null);
    const offered = await page.$$eval('#purpose option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered.sort()).toEqual(['dsr_handling', 'legal_compliance']);
    expect(await page.textContent('#signin-status')).toBe('Signed in as officer-olga with roles offline_access, privacy_officer: choose why you read.');

    const [authorize] = idp.seen.authorize;
    expect(authorize?.get('code_challenge_method')).toBe('S256');
    expect(authorize?.get('redirect_uri')).toBe(`${gw.url}/console`);
    const [exchange] = idp.seen.token;
    expect(exchange?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(idp.issued).toHaveLength(1);

    await page.selectOption('#purpose', 'dsr_handling');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForSelector('#purpose-banner');
    expect(await page.textContent('.banner')).toContain('officer-olga');
    await page.evaluate(() => (location.hash = '#person'));
    await page.fill('#ref-value', 'alice@example.com');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.locator('#person-name', { hasText: 'Alice' }).waitFor();
    await screenshot(page, 'oidc-person');

    // Every call to the gateway carried the provider's access token, which the gateway verified.
    const calls = seen.requests.filter((r) => new URL(r.url).origin === new URL(gw.url).origin && new URL(r.url).pathname === '/graphql');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.headers.authorization).toBe(`Bearer ${idp.issued[0]}`);
  });

  it('refuses a return it did not start (a forged or replayed callback): no code exchange, the sign-in page says why', async () => {
    const exchanges = idp.seen.token.length;
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${gw.url}/console?code=stolen-code&state=guessed&iss=${encodeURIComponent(idp.issuer)}`);
    await page.locator('#signin-status', { hasText: "The identity provider's sign-in failed: expected a sign-in started from this tab" }).waitFor();
    expect(await page.evaluate(() => location.search)).toBe('');
    expect(idp.seen.token.length).toBe(exchanges);
  });

  it('the provider redeems a code only with the verifier of its challenge, once', async () => {
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'; // S256 of RFC 7636's example verifier
    const authorize = new URL(`${idp.issuer}/authorize`);
    authorize.search = new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: `${gw.url}/console`, state: 's', code_challenge: challenge, code_challenge_method: 'S256' }).toString();
    const code = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '').searchParams.get('code') ?? '';
    const redeem = (verifier: string) => fetch(`${idp.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: CLIENT_ID, redirect_uri: `${gw.url}/console`, code_verifier: verifier }) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: string } }));
    expect(await redeem('a-wrong-verifier-of-forty-three-characters-xx')).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'code_verifier does not match the code_challenge (S256)' } });
    // The wrong verifier spent the code: the right one no longer redeems it.
    expect((await redeem('dBjftJeZ4CVP-mJ92K9DIgjc2rjrSYIJbBJGtr8U4k')).body.error).toBe('invalid_grant');
  });

  it('made requests only to the gateway and the identity provider, with no CSP violation or page error', () => {
    const origins = new Set(seen.requests.map((r) => r.url).filter((u) => !u.startsWith('data:')).map((u) => new URL(u).origin));
    origins.delete(new URL(gw.url).origin);
    origins.delete(idp.origin);
    expect([...origins]).toEqual([]);
    expect(seen.requests.some((r) => r.url === `${idp.issuer}/token` && r.method === 'POST')).toBe(true);
    expect(seen.problems).toEqual([]);
  });
});
