import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CLOCK_TOLERANCE_SECONDS } from '../src/auth/createTokenVerifier';
import { errorCodes } from './kit/hostileChecks';
import { rawRequest } from './kit/hostileHttp';
import type { TokenForge } from './kit/hostileTokens';
import { createTokenForge, validClaims } from './kit/hostileTokens';
import { freePort, startGatewayProcess } from './kit/gatewayProcess';
import { copyPgliteTemplate, copyStateTemplate } from './kit/pgliteTemplate';
import { startProductionGateway } from './kit/startProductionGateway';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, startTestGateway } from './kit/startTestGateway';

/** Hardening of auth (issue #13 items 2, 7, 8): what the refusal table does not show. */
const now = () => Math.floor(Date.now() / 1000);
const post = (gw: TestGateway, token: string, purpose: string, query: string, variables?: unknown) =>
  rawRequest(gw.url, { body: JSON.stringify({ query, variables }), headers: [['content-type', 'application/json'], ['authorization', `Bearer ${token}`], ['x-purpose', purpose]] });

describe('a development gateway', () => {
  let gw: TestGateway;
  let forge: TokenForge;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pg-harden-'));
    forge = await createTokenForge(dir);
    gw = await startTestGateway({ env: { GATEWAY_JWT_MAX_TTL: '1h' } });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a token at the longest lifetime, and one issued a little ahead of its clock', async () => {
    for (const claims of [validClaims(['privacy_officer'], { exp: now() + 3600 }), validClaims(['privacy_officer'], { iat: now() + CLOCK_TOLERANCE_SECONDS - 10, exp: now() + 1800 })]) {
      expect((await post(gw, forge.hs256(claims), 'dsr_handling', '{ sources { name } }')).status).toBe(200);
    }
  });

  it('starts its demo processor on loopback with a key of its own: the published demo key opens nothing', async () => {
    const processor = gw.gateway.sources.processor;
    expect(processor?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(gw.gateway.services.config.paymentsApiKey).not.toBe('sk_demo_processor_key');
    const published = await fetch(`${processor?.url}/v1/customers/cus_alice`, { headers: { authorization: 'Bearer sk_demo_processor_key' } });
    expect(published.status).toBe(401);
    const own = await fetch(`${processor?.url}/v1/customers/cus_alice`, { headers: { authorization: `Bearer ${gw.gateway.services.config.paymentsApiKey}` } });
    expect(own.status).toBe(200);
  });

  it('sends nosniff on every kind of answer', async () => {
    const answers = await Promise.all([
      fetch(`${gw.url}/healthz`), fetch(`${gw.url}/readyz`), fetch(`${gw.url}/metrics`), fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } }),
      fetch(`${gw.url}/nowhere`), fetch(`${gw.url}/exports/x`), fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    ]);
    expect(answers.map((r) => r.headers.get('x-content-type-options'))).toEqual(answers.map(() => 'nosniff'));
  });

  it('scopes idempotency keys per client: two clients with one key make two requests, a retry makes none', async () => {
    const erase = async (sub: string, email: string) => {
      const response = await post(gw, await gw.token(['erasure_automation'], sub), 'dsr_handling', 'mutation($i: EraseSubjectInput!){ eraseSubject(input:$i){ id } }', { i: { ref: { email }, idempotencyKey: 'shared-key-0001' } });
      expect(errorCodes(response)).toEqual([]);
      return (response.json?.data as { eraseSubject: { id: string } }).eraseSubject.id;
    };
    const a = await erase('automation-a', 'user7@demo.example');
    const b = await erase('automation-b', 'user8@demo.example');
    expect(a).not.toBe(b);
    expect(await erase('automation-a', 'user7@demo.example')).toBe(a);
  });

  it('labels /metrics by allowlisted operation names or root fields, never by a caller\'s invented names', async () => {
    const token = await gw.token(['shop_service'], 'label-spammer');
    for (let i = 0; i < 5; i++) await post(gw, token, 'order_fulfillment', `query Invented${i}x{ sources { name } }`);
    await post(gw, await gw.token(['privacy_officer']), 'dsr_handling', 'query FindSubject($ref: SubjectRef!){ subject(ref:$ref){ id } }', { ref: { email: 'bob@example.com' } });
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    expect(text).not.toMatch(/Invented\dx/);
    expect(text).toMatch(/gateway_requests_total\{operation="field:sources",purpose="order_fulfillment",outcome="ok"\} [5-9]/);
    expect(text).toMatch(/gateway_requests_total\{operation="FindSubject",purpose="dsr_handling",outcome="ok"\} 1/);
  });

  it('records the verified client of every access in the audit log, and the claimed one of a refused token as unverified', async () => {
    const refused = await post(gw, forge.hs256(validClaims(['privacy_officer'], { sub: 'claims-to-be-officer', exp: now() + 86_400 })), 'dsr_handling', '{ sources { name } }');
    expect(refused.status).toBe(401);
    const events = await gw.query('{ auditEvents(first: 5) { edges { node { client clientVerified code outcome purpose } } } }', OFFICER);
    expect(events.body.data?.auditEvents.edges.map((e: any) => e.node)).toContainEqual({ client: 'claims-to-be-officer', clientVerified: false, code: 'UNAUTHENTICATED', outcome: 'rejected', purpose: 'dsr_handling' });
    expect((await gw.query('{ verifyAuditLog { ok kind } }', OFFICER)).body.data?.verifyAuditLog).toEqual({ ok: true, kind: null });
  });
});

describe('a production gateway', () => {
  let gw: Awaited<ReturnType<typeof startProductionGateway>>;
  beforeAll(async () => {
    gw = await startProductionGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('refuses introspection to a service with 403 FORBIDDEN, audited', async () => {
    const response = await post(gw, await gw.token(['shop_service'], 'introspector'), 'order_fulfillment', '{ __schema { types { name } } }');
    expect({ status: response.status, codes: errorCodes(response) }).toEqual({ status: 403, codes: ['FORBIDDEN'] });
    const { rows } = await gw.gateway.services.state.sql.query('SELECT client, code, outcome FROM audit_events WHERE request_id = $1', [response.headers['x-request-id']]);
    expect(rows).toEqual([{ client: 'introspector', code: 'FORBIDDEN', outcome: 'error' }]);
  });

  it('suggests no field or enum value', async () => {
    const token = await gw.token(['privacy_officer']);
    for (const query of ['{ dsrRequests(type: ERAS, first: 1) { edges { cursor } } }', '{ sourcez { name } }', '{ subject(ref: { emial: "x@example.org" }) { id } }']) {
      const response = await post(gw, token, 'dsr_handling', query);
      expect({ status: response.status, codes: errorCodes(response) }).toEqual({ status: 400, codes: ['BAD_USER_INPUT'] });
      expect(response.text).not.toMatch(/did you mean/i);
    }
  });
});

describe('npm start', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  /** From the prepared templates, as every test gateway starts: a fresh PGlite costs tens of seconds here. */
  const dataDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-start-'));
    dirs.push(dir);
    copyPgliteTemplate(path.join(dir, 'support'));
    copyStateTemplate(path.join(dir, 'state'));
    return dir;
  };

  it('in production, with no PAYMENTS_API_URL, refuses to start the demo processor, naming the variable', async () => {
    const secrets = { NODE_ENV: 'production', GATEWAY_PSEUDONYM_SECRET: 'p'.repeat(40), GATEWAY_AUDIT_KEY: 'a'.repeat(40), GATEWAY_SEED_DEMO: 'off' };
    const started = startGatewayProcess({ dataDir: dataDir(), port: await freePort(), env: secrets, readyTimeoutMs: 60_000 });
    await expect(started).rejects.toThrow(/it exited:[\s\S]*PAYMENTS_API_URL: expected the payment processor's API URL when NODE_ENV=production/);
  });

  it('listens on loopback by default (HOST)', async () => {
    const port = await freePort();
    const gateway = await startGatewayProcess({ dataDir: dataDir(), port, env: { SEED_SUBJECTS: '0' } });
    try {
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const outside = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
      if (outside) await expect(fetch(`http://${outside.address}:${port}/healthz`)).rejects.toThrow();
    } finally {
      await gateway.kill('SIGTERM');
    }
  });
});
