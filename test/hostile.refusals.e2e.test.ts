import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../src/logging/createLogger';
import { DEFAULT_POLICY_FILE } from '../src/policy/loadPolicy';
import { DEMO_PERSONAL_DATA, errorCodes, leaksIn, stateSnapshot } from './kit/hostileChecks';
import type { RawRequest } from './kit/hostileHttp';
import { rawRequest } from './kit/hostileHttp';
import type { RefusalCase, RefusalContext } from './kit/hostileRefusalCases';
import { FORBIDDEN_REFUSALS, INPUT_REFUSALS, MAX_TTL, NOT_FOUND_REFUSALS, PURPOSE_REFUSALS, RATE_LIMIT, RATE_REFUSALS, TOKEN_REFUSALS } from './kit/hostileRefusalCases';
import { createTokenForge } from './kit/hostileTokens';
import type { TestGateway } from './kit/startTestGateway';
import { startTestGateway } from './kit/startTestGateway';

/**
 * Hardening, part 2: refusals. Every refused request answers its exact status and code, returns
 * no personal value and writes none to the log, changes no store, leaves an audit event naming
 * client, purpose, code and outcome, and leaves every other caller served from every source.
 */
const CASES: readonly RefusalCase[] = [...TOKEN_REFUSALS, ...PURPOSE_REFUSALS, ...FORBIDDEN_REFUSALS, ...INPUT_REFUSALS, ...NOT_FOUND_REFUSALS, ...RATE_REFUSALS];

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});

let gw: TestGateway;
let ctx: RefusalContext;
let dir: string;
let bystanders = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pg-refusals-'));
  const policyFile = path.join(dir, 'policy.yaml');
  writeFileSync(policyFile, readFileSync(DEFAULT_POLICY_FILE, 'utf8').replace(/^rateLimit: .*$/m, `rateLimit: { burst: ${RATE_LIMIT.burst}, perMinute: ${RATE_LIMIT.perMinute} }`));
  const forge = await createTokenForge(dir);
  gw = await startTestGateway({ env: { POLICY_FILE: policyFile, GATEWAY_JWT_MAX_TTL: MAX_TTL }, overrides: { logger: createLogger({ level: 'info', destination: sink }) } });
  ctx = { token: (roles, sub) => gw.token(roles, sub), forge };
});
afterAll(async () => {
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

const BYSTANDER_READ = 'query($ref: SubjectRef!){ subject(ref:$ref){ status orders { id } payments { id } supportMessages { id } newsletterSubscriptions { id } } }';

/** Another caller, under another purpose, still answered from every source. */
async function bystanderRead(): Promise<unknown> {
  const token = await gw.token(['privacy_officer'], `bystander-${++bystanders}`);
  const response = await rawRequest(gw.url, {
    body: JSON.stringify({ query: BYSTANDER_READ, variables: { ref: { email: 'alice@example.com' } } }),
    headers: [['content-type', 'application/json'], ['authorization', `Bearer ${token}`], ['x-purpose', 'legal_compliance']],
  });
  const subject = (response.json?.data as { subject?: Record<string, unknown[] | string> } | undefined)?.subject;
  return { status: response.status, errors: response.json?.errors ?? [], counts: subject && Object.fromEntries(Object.entries(subject).map(([k, v]) => [k, Array.isArray(v) ? v.length : v])) };
}

const auditOf = async (requestId: string) =>
  (await gw.gateway.services.state.sql.query<{ client: string; client_verified: boolean; purpose: string; code: string | null; outcome: string }>('SELECT client, client_verified, purpose, code, outcome FROM audit_events WHERE request_id = $1', [requestId])).rows;

describe('refusals: attributable, exact, harmless to everyone else', () => {
  it('has at least 30 cases, each named once', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await c.before?.(ctx, (request: RawRequest) => rawRequest(gw.url, request));
    const before = await stateSnapshot(gw);
    const logged = lines.length;
    const response = await rawRequest(gw.url, await c.request(ctx));
    const requestId = String(response.headers['x-request-id']);

    expect({ status: response.status, codes: errorCodes(response) }).toEqual({ status: c.status, codes: c.codes });
    expect(leaksIn(response)).toEqual({ personalData: [], internalText: [] });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const { code, client, verified, purpose, outcome } = c.audit;
    expect(await auditOf(requestId)).toEqual([{ code, client, client_verified: verified, purpose, outcome }]);
    const log = lines.slice(logged).join('');
    expect(DEMO_PERSONAL_DATA.filter((value) => log.includes(value))).toEqual([]);
    if (client !== 'unknown') expect(log).toContain(`"client":"${client}"`);
    expect(await stateSnapshot(gw)).toEqual(before);
    expect(await bystanderRead()).toEqual({ status: 200, errors: [], counts: { status: 'ACTIVE', orders: 3, payments: 2, supportMessages: 4, newsletterSubscriptions: 1 } });
    c.check?.(response);
  });
});
