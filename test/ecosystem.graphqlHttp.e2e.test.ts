import type { AuditResult } from 'graphql-http';
import { serverAudits } from 'graphql-http';
import { ConfigError, readConfig } from '../src/config';
import type { TestGateway } from './kit/startTestGateway';
import { startTestGateway } from './kit/startTestGateway';

const APP = 'https://console.example.com';
const level = (result: AuditResult) => result.name.split(' ')[0];

describe('GraphQL over HTTP', () => {
  let gw: TestGateway;
  let officer: string;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { CORS_ORIGINS: `${APP},http://localhost:5173` } });
    officer = await gw.token(['privacy_officer']);
  });
  afterAll(async () => {
    await gw?.close();
  });
  const credentials = () => ({ authorization: `Bearer ${officer}`, 'x-purpose': 'dsr_handling' });
  const get = (query: string, headers: Record<string, string>) => fetch(`${gw.url}/graphql?query=${encodeURIComponent(query)}`, { headers });

  it('passes every MUST (13/13) and every SHOULD (23/23) audit of graphql-http, with credentials', async () => {
    const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      for (const [k, v] of Object.entries(credentials())) headers.set(k, v);
      return fetch(input, { ...init, headers });
    };
    const results: AuditResult[] = [];
    for (const audit of serverAudits({ url: `${gw.url}/graphql`, fetchFn })) results.push(await audit.fn());
    const failed = (l: string) => results.filter((r) => level(r) === l && r.status !== 'ok').map((r) => `${r.id} ${r.name}`);
    expect(results.filter((r) => level(r) === 'MUST')).toHaveLength(13);
    expect(results.filter((r) => level(r) === 'SHOULD')).toHaveLength(23);
    expect(failed('MUST')).toEqual([]);
    expect(failed('SHOULD')).toEqual([]);
  });

  it('runs a GET query that carries the token and purpose (urql’s default), and refuses a mutation over GET', async () => {
    const query = await get('{ subject(ref:{email:"alice@example.com"}) { profile { name } } }', credentials());
    expect(query.status).toBe(200);
    expect(((await query.json()) as { data: { subject: { profile: { name: string } } } }).data.subject.profile.name).toBe('Alice Anderson');

    const mutation = await get('mutation { blockSubject(input:{ ref:{ email:"alice@example.com" }, reason:"by link" }){ id } }', credentials());
    expect(mutation.status).toBe(405);
    expect(((await mutation.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const alice = await gw.query('{ subject(ref:{email:"alice@example.com"}) { status } }', { roles: ['privacy_officer'], purpose: 'dsr_handling' });
    expect(alice.body.data?.subject.status).toBe('ACTIVE');
  });

  it('answers a refusal in the media type the client accepts, with the contract’s code and status', async () => {
    const cases = [
      { accept: 'application/graphql-response+json, application/json;q=0.9', type: 'application/graphql-response+json' },
      { accept: 'application/json', type: 'application/json' },
      { accept: undefined, type: 'application/json' },
    ];
    for (const { accept, type } of cases) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(accept ? { accept } : {}) };
      const unauthenticated = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { ...headers, 'x-purpose': 'dsr_handling' }, body: JSON.stringify({ query: '{ sources { name } }' }) });
      expect([accept, unauthenticated.status, unauthenticated.headers.get('content-type')?.split(';')[0]]).toEqual([accept, 401, type]);
      expect(((await unauthenticated.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
      const notAllowed = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${officer}`, 'x-purpose': 'marketing' }, body: JSON.stringify({ query: '{ sources { name } }' }) });
      expect([accept, notAllowed.status, notAllowed.headers.get('content-type')?.split(';')[0]]).toEqual([accept, 403, type]);
    }
  });

  it('puts a validation error in a 200 for application/json and a 400 for application/graphql-response+json, code BAD_USER_INPUT', async () => {
    for (const [accept, status] of [['application/json', 200], ['application/graphql-response+json', 400]] as const) {
      const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept, ...credentials() }, body: JSON.stringify({ query: '{ nope }' }) });
      const body = (await res.json()) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
      expect([accept, res.status, body.errors[0]?.extensions.code, 'data' in body]).toEqual([accept, status, 'BAD_USER_INPUT', false]);
    }
  });

  it('allows CORS for the listed origins only, never with a wildcard', async () => {
    const preflight = (origin: string) =>
      fetch(`${gw.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-purpose' } });
    const allowed = await preflight(APP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/x-purpose/);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();

    const other = await preflight('https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.status).not.toBe(204);

    const read = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { origin: APP, 'content-type': 'application/json', ...credentials() }, body: JSON.stringify({ query: '{ sources { name } }' }) });
    expect(read.headers.get('access-control-allow-origin')).toBe(APP);
    expect(read.headers.get('vary')).toMatch(/Origin/);
  });
});

describe('CORS_ORIGINS', () => {
  it('is empty by default and takes exact origins only', () => {
    expect(readConfig({}).corsOrigins).toEqual([]);
    expect(readConfig({ CORS_ORIGINS: 'https://a.example.com, http://localhost:5173' }).corsOrigins).toEqual(['https://a.example.com', 'http://localhost:5173']);
    for (const bad of ['*', 'https://a.example.com/app', 'a.example.com', 'ftp://a.example.com']) expect(() => readConfig({ CORS_ORIGINS: bad })).toThrow(ConfigError);
  });
});
