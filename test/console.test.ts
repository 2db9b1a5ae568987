import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConsoleHandler } from '../src/console/createConsoleHandler';
import { explorerCsp } from '../src/explorer/explorerCsp';
import { loadPolicy } from '../src/policy/loadPolicy';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, startTestGateway } from './kit/startTestGateway';

/**
 * The console's HTTP surface without a browser: a bare server answering 418 whenever the console
 * declines, so "declined" is visible; then a gateway with GATEWAY_EXPLORER=off, which serves no
 * console at all, and the data map fields the console labels records with.
 */
const DECLINED = 418;
const policy = loadPolicy();

let server: http.Server;
let base: string;

beforeAll(async () => {
  const serve = createConsoleHandler({ policy });
  server = http.createServer((req, res) => {
    void serve(req, res).then((served) => {
      if (served) return;
      res.writeHead(DECLINED);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const get = (p: string, init: RequestInit = {}) => fetch(`${base}${p}`, init);

describe('/console', () => {
  it('serves the page under the explorer CSP, with no inline script or style', async () => {
    const res = await get('/console');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(explorerCsp(null));
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script src="/console/console.js" defer>']);
    expect(html).not.toMatch(/<style|style=/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('bundles its script from src/console/app (esbuild, in memory) and serves it with an ETag', async () => {
    const res = await get('/console/console.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const js = await res.text();
    expect(js).toContain('/console/settings.json');
    expect(js).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const again = await get('/console/console.js', { headers: { 'if-none-match': res.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect((await get('/console/console.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it("offers the policy's purposes with the roles that may declare each, and nothing else", async () => {
    const settings = (await (await get('/console/settings.json')).json()) as { endpoint: string; purposes: Array<{ id: string; roles: string[] }> };
    expect(settings.endpoint).toBe('/graphql');
    expect(settings.purposes.map((p) => p.id)).toEqual([...policy.purposes.keys()]);
    const dsr = settings.purposes.find((p) => p.id === 'dsr_handling');
    expect(dsr?.roles.sort()).toEqual(['erasure_automation', 'privacy_officer']);
  });

  it('says where roles are and that no identity provider is configured; the page calls this origin only', async () => {
    const settings = (await (await get('/console/settings.json')).json()) as Record<string, unknown>;
    expect(settings).toMatchObject({ rolesClaim: 'roles', oidc: null });
    expect((await get('/console')).headers.get('content-security-policy')).toContain("connect-src 'self';");
  });

  it("with an identity provider, lets the page call the issuer's origin (not its path, not another host) and tells the page its client", async () => {
    const oidc = { issuer: 'https://idp.example.com:8443/realms/office', clientId: 'officer-console', scope: 'openid' };
    const serve = createConsoleHandler({ policy, rolesClaim: 'realm_access.roles', oidc });
    const other = http.createServer((req, res) => void serve(req, res).then((served) => (served ? undefined : res.writeHead(DECLINED).end())));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const at = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const csp = (await fetch(`${at}/console`)).headers.get('content-security-policy') ?? '';
      expect(csp.split('; ').find((d) => d.startsWith('connect-src'))).toBe("connect-src 'self' https://idp.example.com:8443");
      expect(csp).toBe(explorerCsp(null, ['https://idp.example.com:8443']));
      expect(await (await fetch(`${at}/console/settings.json`)).json()).toMatchObject({ rolesClaim: 'realm_access.roles', oidc });
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('declines unknown paths, traversal and other methods', async () => {
    for (const p of ['/console/nope.js', '/console/../package.json', '/console/%2e%2e/package.json', '/consoles', '/console/app/main.ts']) {
      expect([p, (await get(p)).status]).toEqual([p, DECLINED]);
    }
    expect((await get('/console', { method: 'POST', body: '' })).status).toBe(DECLINED);
  });
});

describe('a gateway with GATEWAY_EXPLORER=off', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { GATEWAY_EXPLORER: 'off' } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('serves no console and no explorer', async () => {
    for (const p of ['/console', '/console/console.js', '/console/settings.json']) {
      const res = await fetch(`${gw.url}${p}`, { headers: { accept: 'text/html' } });
      expect([p, res.status]).toEqual([p, 404]);
    }
    const page = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).not.toContain('text/html');
  });

  it("names in the data map every declared field's category, and the profile's and identities'", async () => {
    const res = await gw.query('{ dataMap { sources { name collections { name field type fields { name category } } } profile { name category } identities { name category } } }', OFFICER);
    expect(res.body.errors).toBeUndefined();
    const map = res.body.data?.dataMap;
    const orders = map.sources.find((s: { name: string }) => s.name === 'orders').collections[0];
    expect(orders).toMatchObject({ name: 'orders', field: 'orders', type: 'Order' });
    expect(orders.fields).toEqual(expect.arrayContaining([{ name: 'ip', category: 'technical.ip' }, { name: 'total', category: 'order.total' }, { name: 'createdAt', category: null }]));
    const payments = map.sources.find((s: { name: string }) => s.name === 'payments').collections.map((c: { field: string }) => c.field);
    expect(payments.sort()).toEqual(['paymentCustomers', 'payments']);
    expect(map.sources.find((s: { name: string }) => s.name === 'gateway').collections).toEqual([]);
    expect(map.profile).toEqual([{ name: 'name', category: 'identity.name' }, { name: 'email', category: 'contact.email' }, { name: 'phone', category: 'contact.phone' }, { name: 'address', category: 'contact.address' }]);
    expect(map.identities.map((i: { name: string }) => i.name)).toEqual(['EMAIL', 'PHONE', 'CUSTOMER_ID']);
  });
});
