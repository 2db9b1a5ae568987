import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportPath } from '../src/dsr/writeExport';
import { ErrorCode } from '../src/errors';
import { getRequest, mutate, waitFor } from './kit/dsr';
import { CALLBACK_CASES, EXPORT_CASES, PURPOSE_AND_METHOD_CASES, TOKEN_CASES } from './kit/hostileAccessCases';
import type { HostileCase, HostileContext } from './kit/hostileCase';
import { CALLBACK_PREFIX, SUBJECT_BY_REF, gql, post } from './kit/hostileCase';
import { CONTRACT_CODES, errorCodes, leaksIn, stateSnapshot, stillHealthy } from './kit/hostileChecks';
import { rawRequest } from './kit/hostileHttp';
import { DOCUMENT_CASES, INPUT_CASES, TRANSPORT_CASES } from './kit/hostileRequestCases';
import type { TokenForge } from './kit/hostileTokens';
import { createTokenForge, validClaims } from './kit/hostileTokens';
import type { TestGateway } from './kit/startTestGateway';
import { startTestGateway } from './kit/startTestGateway';

/**
 * Hardening, part 1: hostile requests over HTTP against a real gateway. Every case must be
 * refused with the contract's code (never a 5xx), return no personal data and no internal text,
 * leave every store as it was, and leave the gateway serving.
 */
const CASES: readonly HostileCase[] = [...TRANSPORT_CASES, ...DOCUMENT_CASES, ...INPUT_CASES, ...TOKEN_CASES, ...PURPOSE_AND_METHOD_CASES, ...EXPORT_CASES, ...CALLBACK_CASES];

let gw: TestGateway;
let ctx: HostileContext;
let forge: TokenForge;
let keyDir: string;

beforeAll(async () => {
  keyDir = mkdtempSync(path.join(os.tmpdir(), 'pg-hostile-'));
  forge = await createTokenForge(keyDir);
  gw = await startTestGateway({ env: { GATEWAY_JWKS_FILE: forge.jwksFile, CALLBACK_ALLOWLIST: CALLBACK_PREFIX } });
  ctx = { officer: await gw.token(['privacy_officer']), shop: await gw.token(['shop_service']), forge };
});
afterAll(async () => {
  await gw?.close();
  rmSync(keyDir, { recursive: true, force: true });
});

describe('hostile requests', () => {
  it('has at least 60 cases, each named once', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('the honest paths the cases attack are live: RS256 from the JWKS, HS256, a callback under the allowlist is accepted by validation', async () => {
    const rs = await rawRequest(gw.url, post({ query: '{ sources { name } }' }, { token: await forge.rs256(validClaims()) })(ctx));
    expect({ status: rs.status, data: rs.json?.data }).toEqual({ status: 200, data: { sources: [{ name: 'orders' }, { name: 'payments' }, { name: 'support' }, { name: 'newsletter' }] } });
    const hs = await rawRequest(gw.url, post({ query: '{ sources { name } }' }, { token: forge.hs256(validClaims()) })(ctx));
    expect(hs.status).toBe(200);
    // Validation of an allowed callback passes; the unknown subject then ends it, so nothing is recorded.
    const allowed = await rawRequest(gw.url, await gql('mutation($i: EraseSubjectInput!){ eraseSubject(input:$i){ id } }', { i: { ref: { email: 'nobody@example.org' }, reason: 'r', callbackUrl: `${CALLBACK_PREFIX}done` } })(ctx));
    expect(errorCodes(allowed)).toEqual([ErrorCode.NOT_FOUND]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await stateSnapshot(gw);
    const response = await rawRequest(gw.url, await c.request(ctx));
    const after = await stateSnapshot(gw);
    const codes = errorCodes(response);

    expect({ status: response.status, json: response.json !== null }).toEqual({ status: c.status, json: true });
    expect(codes).toContain(c.code);
    expect(codes.filter((code) => code !== c.code && code !== ErrorCode.BAD_USER_INPUT)).toEqual([]);
    expect(codes.filter((code) => !CONTRACT_CODES.has(code))).toEqual([]);
    for (const error of response.json?.errors ?? []) expect(error.extensions?.requestId).toBe(response.headers['x-request-id']);
    const data = response.json?.data as Record<string, unknown> | null | undefined;
    expect(Object.values(data ?? {}).filter((value) => value !== null)).toEqual([]);
    expect(leaksIn(response)).toEqual({ personalData: [], internalText: [] });
    expect(after).toEqual(before);
    expect(await stillHealthy(gw)).toEqual({ healthz: 200, read: { subject: { status: 'ACTIVE', orders: [{ id: 'ord_bob_1' }] } } });
    c.check?.(response);
  });
});

describe('hostile text that is well-formed is only ever data', () => {
  const inert: ReadonlyArray<readonly [string, Record<string, string>]> = [
    ['an email whose local part is SQL', { email: "x'or'1'='1@example.com" }],
    ['an email whose local part is a MongoDB operator', { email: '$ne@example.com' }],
    ['an email with a comment sequence', { email: 'x--@example.com' }],
    ['a customerId shaped like a SQL comment', { customerId: 'cus_alice--' }],
    ['a phone with separators', { phone: '+1 (555) 000-00-00' }],
  ];

  it.each(inert)('%s finds nobody and changes nothing', async (_name, ref) => {
    const before = await stateSnapshot(gw);
    const response = await rawRequest(gw.url, await gql(SUBJECT_BY_REF, { ref })(ctx));
    expect({ status: response.status, body: response.json }).toEqual({ status: 200, body: { data: { subject: null } } });
    expect(leaksIn(response)).toEqual({ personalData: [], internalText: [] });
    expect(await stateSnapshot(gw)).toEqual(before);
  });

  it('a reason holding SQL is stored verbatim and no source table is touched by it', async () => {
    const reason = "'); DROP TABLE tickets; DELETE FROM messages; --";
    const before = await gw.gateway.sources.support.query<{ n: number }>('SELECT count(*)::int AS n FROM messages');
    const blocked = await gw.query('mutation($input: BlockSubjectInput!){ blockSubject(input:$input){ id reason } }', { roles: ['privacy_officer'], purpose: 'dsr_handling', variables: { input: { ref: { customerId: 'cus_bob' }, reason } } });
    expect(blocked.body.data?.blockSubject.reason).toBe(reason);
    const unblocked = await gw.query('mutation($input: BlockSubjectInput!){ unblockSubject(input:$input){ id } }', { roles: ['privacy_officer'], purpose: 'dsr_handling', variables: { input: { ref: { customerId: 'cus_bob' }, reason: 'test over' } } });
    expect(unblocked.body.errors).toBeUndefined();
    const after = await gw.gateway.sources.support.query<{ n: number }>('SELECT count(*)::int AS n FROM messages');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    expect(((await gw.gateway.services.dsr.ledger.get(blocked.body.data?.blockSubject.id)) as { reason: string }).reason).toBe(reason);
  });
});

describe('an erasure leaves no copy behind', () => {
  it('an export made before the erasure is no longer on disk nor downloadable after it', async () => {
    const exported = await waitFor(gw, (await mutate(gw, 'exportSubject', { ref: { email: 'carol@example.com' } })).id);
    const file = exportPath(gw.gateway.services.config.dataDir, exported.id);
    expect(existsSync(file)).toBe(true);
    const erased = await waitFor(gw, (await mutate(gw, 'eraseSubject', { ref: { email: 'carol@example.com' }, reason: 'art. 17 request' })).id);
    expect(erased.status).toBe('COMPLETED');
    expect(existsSync(file)).toBe(false);
    expect((await getRequest(gw, exported.id)).export).toBeNull();
    const download = await rawRequest(gw.url, { method: 'GET', path: exported.export.downloadUrl, headers: [['authorization', `Bearer ${ctx.officer}`], ['x-purpose', 'dsr_handling']] });
    expect({ status: download.status, codes: errorCodes(download), leaks: leaksIn(download) }).toEqual({ status: 404, codes: [ErrorCode.NOT_FOUND], leaks: { personalData: [], internalText: [] } });
  });
});
