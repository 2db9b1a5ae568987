import { ErrorCode } from '../../src/errors';
import { DEMO_PERSONAL_DATA } from './hostileChecks';
import type { RawRequest, RawResponse } from './hostileHttp';
import type { TokenForge } from './hostileTokens';
import { hmac, validClaims } from './hostileTokens';

/** What a refusal case builds its request from: tokens of any caller, and the forge for the rest. */
export interface RefusalContext {
  token(roles: readonly string[], sub: string): Promise<string>;
  readonly forge: TokenForge;
}

/**
 * One refused request: the exact status and codes of the answer, and the audit event the refusal
 * must leave — which code, which client (verified, or only claimed by a refused token), which
 * purpose, which outcome (CONTRACT.md §3: every refusal is attributable).
 */
export interface RefusalCase {
  readonly name: string;
  readonly request: (ctx: RefusalContext) => RawRequest | Promise<RawRequest>;
  readonly status: number;
  /** Every error's code, in order ([] for a lookup that found nobody: it answers null). */
  readonly codes: readonly ErrorCode[];
  readonly audit: { readonly code: ErrorCode; readonly client: string; readonly verified: boolean; readonly purpose: string; readonly outcome: string };
  readonly check?: (response: RawResponse) => void;
  /** Requests that set the case up (before the stores are looked at). */
  readonly before?: (ctx: RefusalContext, send: (request: RawRequest) => Promise<RawResponse>) => Promise<void>;
}

/** The tokens' lifetime limit the suite's gateway runs with (GATEWAY_JWT_MAX_TTL). */
export const MAX_TTL = '1h';
export const RATE_LIMIT = { burst: 150, perMinute: 600 };

const now = () => Math.floor(Date.now() / 1000);
const READ = 'query($ref: SubjectRef!){ subject(ref:$ref){ id profile { name } } }';
const ALICE = { ref: { email: 'alice@example.com' } };

function request(options: { token?: string | null; purpose?: string | null; body?: unknown; headers?: ReadonlyArray<readonly [string, string]>; contentType?: string; path?: string; method?: string }): RawRequest {
  const body = options.body === undefined ? { query: READ, variables: ALICE } : options.body;
  return {
    method: options.method ?? 'POST',
    path: options.path ?? '/graphql',
    body: options.method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: [
      ...(options.method === 'GET' ? [] : [['content-type', options.contentType ?? 'application/json'] as const]),
      ...(options.token ? [['authorization', `Bearer ${options.token}`] as const] : []),
      ...(options.purpose === null ? [] : [['x-purpose', options.purpose ?? 'dsr_handling'] as const]),
      ...(options.headers ?? []),
    ],
  };
}

const rejected = (code: ErrorCode, client: string, verified: boolean, purpose: string) => ({ code, client, verified, purpose, outcome: 'rejected' });
const unauthenticated = (name: string, token: (ctx: RefusalContext) => string | Promise<string>, client = 'unknown'): RefusalCase => ({
  name: `token: ${name}`,
  request: async (ctx) => request({ token: await token(ctx) }),
  status: 401,
  codes: [ErrorCode.UNAUTHENTICATED],
  audit: rejected(ErrorCode.UNAUTHENTICATED, client, false, 'dsr_handling'),
  check: (r) => expect(r.headers['www-authenticate']).toBe('Bearer'),
});
const officerClaims = (sub: string, extra: Record<string, unknown>) => validClaims(['privacy_officer'], { sub, ...extra });

export const TOKEN_REFUSALS: readonly RefusalCase[] = [
  { name: 'token: none at all', request: () => request({ token: null }), status: 401, codes: [ErrorCode.UNAUTHENTICATED], audit: rejected(ErrorCode.UNAUTHENTICATED, 'unknown', false, 'dsr_handling') },
  {
    name: 'token: two Authorization headers, each valid',
    request: async (ctx) => request({ token: await ctx.token(['privacy_officer'], 'twice-a'), headers: [['authorization', `Bearer ${await ctx.token(['privacy_officer'], 'twice-b')}`]] }),
    status: 401,
    codes: [ErrorCode.UNAUTHENTICATED],
    audit: rejected(ErrorCode.UNAUTHENTICATED, 'unknown', false, 'dsr_handling'),
  },
  unauthenticated('a lifetime of 10 years (iat to exp)', (ctx) => ctx.forge.hs256(officerClaims('ttl-10y', { exp: now() + 10 * 365 * 86_400 })), 'ttl-10y'),
  unauthenticated('a lifetime over the maximum by a minute', (ctx) => ctx.forge.hs256(officerClaims('ttl-61m', { exp: now() + 3660 })), 'ttl-61m'),
  unauthenticated('no iat, expiring beyond the maximum from now', (ctx) => ctx.forge.hs256({ sub: 'ttl-no-iat', roles: ['privacy_officer'], exp: now() + 7200 }), 'ttl-no-iat'),
  unauthenticated('issued an hour in the future (iat)', (ctx) => ctx.forge.hs256(officerClaims('iat-future', { iat: now() + 3600, exp: now() + 3660 })), 'iat-future'),
  unauthenticated('not valid for another hour (nbf)', (ctx) => ctx.forge.hs256(officerClaims('nbf-future', { nbf: now() + 3600 })), 'nbf-future'),
  unauthenticated('expired a minute ago', (ctx) => ctx.forge.hs256(officerClaims('expired', { iat: now() - 600, exp: now() - 60 })), 'expired'),
  unauthenticated('signed with another secret', (ctx) => ctx.forge.compose({ alg: 'HS256', typ: 'JWT' }, officerClaims('forger', {}), (input) => hmac('not-the-gateway-secret-at-all-000000', input)), 'forger'),
  unauthenticated('alg none', (ctx) => ctx.forge.compose({ alg: 'none', typ: 'JWT' }, officerClaims('alg-none', {}), () => ''), 'alg-none'),
  unauthenticated('a claimed sub with control characters (not recorded as given)', (ctx) => ctx.forge.compose({ alg: 'HS256' }, officerClaims('evil\u0000\nsub', {}), () => 'x'), 'unknown'),
  {
    name: 'token: the Basic scheme',
    request: () => ({ ...request({ token: null }), headers: [['content-type', 'application/json'], ['authorization', 'Basic YWxpY2U6c2VjcmV0'], ['x-purpose', 'dsr_handling']] }),
    status: 401,
    codes: [ErrorCode.UNAUTHENTICATED],
    audit: rejected(ErrorCode.UNAUTHENTICATED, 'unknown', false, 'dsr_handling'),
  },
];

const shop = (ctx: RefusalContext, sub: string) => ctx.token(['shop_service'], sub);

export const PURPOSE_REFUSALS: readonly RefusalCase[] = [
  { name: 'purpose: none declared', request: async (ctx) => request({ token: await shop(ctx, 'p-none'), purpose: null }), status: 400, codes: [ErrorCode.PURPOSE_REQUIRED], audit: rejected(ErrorCode.PURPOSE_REQUIRED, 'p-none', true, 'none') },
  { name: 'purpose: unknown to the policy', request: async (ctx) => request({ token: await shop(ctx, 'p-unknown'), purpose: 'espionage' }), status: 400, codes: [ErrorCode.UNKNOWN_PURPOSE], audit: rejected(ErrorCode.UNKNOWN_PURPOSE, 'p-unknown', true, 'espionage') },
  { name: 'purpose: one the role may not declare', request: async (ctx) => request({ token: await shop(ctx, 'p-denied'), purpose: 'dsr_handling' }), status: 403, codes: [ErrorCode.PURPOSE_NOT_ALLOWED], audit: rejected(ErrorCode.PURPOSE_NOT_ALLOWED, 'p-denied', true, 'dsr_handling') },
  { name: 'purpose: an analyst declaring marketing', request: async (ctx) => request({ token: await ctx.token(['analyst'], 'p-analyst'), purpose: 'marketing' }), status: 403, codes: [ErrorCode.PURPOSE_NOT_ALLOWED], audit: rejected(ErrorCode.PURPOSE_NOT_ALLOWED, 'p-analyst', true, 'marketing') },
  {
    name: 'purpose: two X-Purpose headers',
    request: async (ctx) => request({ token: await shop(ctx, 'p-two'), purpose: 'order_fulfillment', headers: [['x-purpose', 'fraud_prevention']] }),
    status: 400,
    codes: [ErrorCode.BAD_USER_INPUT],
    audit: rejected(ErrorCode.BAD_USER_INPUT, 'p-two', true, 'none'),
  },
];

const officer = (ctx: RefusalContext, sub: string) => ctx.token(['privacy_officer'], sub);
const gqlAs = (token: (ctx: RefusalContext) => Promise<string>, purpose: string, query: string, variables?: Record<string, unknown>, extra: Partial<Parameters<typeof request>[0]> = {}) => async (ctx: RefusalContext) =>
  request({ token: await token(ctx), purpose, body: variables === undefined ? { query } : { query, variables }, ...extra });
const inExecution = (code: ErrorCode, client: string, purpose: string, outcome: string) => ({ code, client, verified: true, purpose, outcome });

export const FORBIDDEN_REFUSALS: readonly RefusalCase[] = [
  {
    name: 'forbidden: a shop service erasing',
    request: gqlAs((ctx) => shop(ctx, 'f-erase'), 'order_fulfillment', 'mutation($i: EraseSubjectInput!){ eraseSubject(input:$i){ id } }', { i: { ref: { email: 'bob@example.com' }, reason: 'r' } }),
    status: 200,
    codes: [ErrorCode.FORBIDDEN],
    audit: inExecution(ErrorCode.FORBIDDEN, 'f-erase', 'order_fulfillment', 'error'),
  },
  { name: 'forbidden: a shop service reading the audit log', request: gqlAs((ctx) => shop(ctx, 'f-audit'), 'order_fulfillment', '{ auditEvents(first: 5) { edges { node { id } } } }'), status: 200, codes: [ErrorCode.FORBIDDEN], audit: inExecution(ErrorCode.FORBIDDEN, 'f-audit', 'order_fulfillment', 'error') },
  { name: 'forbidden: a shop service verifying the audit log', request: gqlAs((ctx) => shop(ctx, 'f-verify'), 'order_fulfillment', '{ verifyAuditLog { ok } }'), status: 200, codes: [ErrorCode.FORBIDDEN], audit: inExecution(ErrorCode.FORBIDDEN, 'f-verify', 'order_fulfillment', 'error') },
  { name: 'forbidden: marketing reading the request ledger', request: gqlAs((ctx) => ctx.token(['marketing_service'], 'f-ledger'), 'marketing', '{ dsrRequests(first: 5) { edges { node { id } } } }'), status: 200, codes: [ErrorCode.FORBIDDEN], audit: inExecution(ErrorCode.FORBIDDEN, 'f-ledger', 'marketing', 'error') },
  {
    name: 'forbidden: an export download under order_fulfillment',
    request: async (ctx) => request({ method: 'GET', path: '/exports/dsr_00000000-0000-4000-8000-000000000000', token: await shop(ctx, 'f-export'), purpose: 'order_fulfillment' }),
    status: 403,
    codes: [ErrorCode.FORBIDDEN],
    audit: { ...rejected(ErrorCode.FORBIDDEN, 'f-export', true, 'order_fulfillment') },
  },
];

const noEcho = (r: RawResponse) => expect(DEMO_PERSONAL_DATA.filter((v) => r.text.includes(v))).toEqual([]);
const noSuggestion = (r: RawResponse) => expect(r.text).not.toMatch(/did you mean/i);

export const INPUT_REFUSALS: readonly RefusalCase[] = [
  { name: 'input: a ref with two identities', request: gqlAs((ctx) => officer(ctx, 'i-two'), 'dsr_handling', READ, { ref: { email: 'alice@example.com', phone: '+79990000001' } }), status: 200, codes: [ErrorCode.BAD_USER_INPUT], audit: inExecution(ErrorCode.BAD_USER_INPUT, 'i-two', 'dsr_handling', 'partial') },
  {
    name: 'input: a variable with an unknown field, holding an email (not echoed)',
    request: gqlAs((ctx) => officer(ctx, 'i-echo'), 'dsr_handling', READ, { ref: { email: 'alice@example.com', nickname: 'Alice Anderson' } }),
    status: 400,
    codes: [ErrorCode.BAD_USER_INPUT],
    audit: inExecution(ErrorCode.BAD_USER_INPUT, 'i-echo', 'dsr_handling', 'error'),
    check: noEcho,
  },
  {
    name: 'input: a variable of the wrong type next to a phone (not echoed)',
    request: gqlAs((ctx) => officer(ctx, 'i-type'), 'dsr_handling', 'query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id } }', { refs: [{ phone: '+79990000002' }, { email: 5 }] }),
    status: 400,
    codes: [ErrorCode.BAD_USER_INPUT],
    audit: inExecution(ErrorCode.BAD_USER_INPUT, 'i-type', 'dsr_handling', 'error'),
    check: noEcho,
  },
  { name: 'input: a misspelt enum value (no suggestion)', request: gqlAs((ctx) => officer(ctx, 'i-enum'), 'dsr_handling', '{ dsrRequests(type: ERAS, first: 1) { edges { cursor } } }'), status: 400, codes: [ErrorCode.BAD_USER_INPUT], audit: inExecution(ErrorCode.BAD_USER_INPUT, 'i-enum', 'dsr_handling', 'error'), check: noSuggestion },
  {
    name: 'input: a misspelt enum value in a variable (no suggestion, not echoed)',
    request: gqlAs((ctx) => officer(ctx, 'i-enum-var'), 'dsr_handling', 'query($t: DsrType){ dsrRequests(type: $t, first: 1) { edges { cursor } } }', { t: 'ERAS' }),
    status: 400,
    codes: [ErrorCode.BAD_USER_INPUT],
    audit: inExecution(ErrorCode.BAD_USER_INPUT, 'i-enum-var', 'dsr_handling', 'error'),
    check: (r) => {
      noSuggestion(r);
      expect(r.text).not.toContain('ERAS"');
    },
  },
  { name: 'input: a misspelt field (no suggestion)', request: gqlAs((ctx) => officer(ctx, 'i-field'), 'dsr_handling', '{ subject(ref: { email: "x@example.org" }) { profil { name } } }'), status: 400, codes: [ErrorCode.BAD_USER_INPUT], audit: inExecution(ErrorCode.BAD_USER_INPUT, 'i-field', 'dsr_handling', 'error'), check: noSuggestion },
  { name: 'input: malformed JSON', request: async (ctx) => request({ token: await officer(ctx, 'i-json'), body: '{"query": ' }), status: 400, codes: [ErrorCode.BAD_USER_INPUT], audit: rejected(ErrorCode.BAD_USER_INPUT, 'i-json', true, 'dsr_handling') },
  { name: 'input: a form post', request: async (ctx) => request({ token: await officer(ctx, 'i-form'), contentType: 'application/x-www-form-urlencoded', body: 'query=%7B%7D' }), status: 400, codes: [ErrorCode.BAD_USER_INPUT], audit: rejected(ErrorCode.BAD_USER_INPUT, 'i-form', true, 'dsr_handling') },
  {
    name: 'input: a malformed idempotency key',
    request: gqlAs((ctx) => officer(ctx, 'i-key'), 'dsr_handling', 'mutation($i: EraseSubjectInput!){ eraseSubject(input:$i){ id } }', { i: { ref: { email: 'bob@example.com' }, idempotencyKey: 'x' } }),
    status: 200,
    codes: [ErrorCode.BAD_USER_INPUT],
    audit: inExecution(ErrorCode.BAD_USER_INPUT, 'i-key', 'dsr_handling', 'error'),
  },
  {
    name: 'input: a blocking reason with a control character',
    request: gqlAs((ctx) => officer(ctx, 'i-reason'), 'dsr_handling', 'mutation($i: BlockSubjectInput!){ blockSubject(input:$i){ id } }', { i: { ref: { email: 'bob@example.com' }, reason: 'a\u0007b' } }),
    status: 200,
    codes: [ErrorCode.BAD_USER_INPUT],
    audit: inExecution(ErrorCode.BAD_USER_INPUT, 'i-reason', 'dsr_handling', 'error'),
  },
  { name: 'input: a body over 64 KB', request: async (ctx) => request({ token: await officer(ctx, 'i-big'), body: { query: `{ sources { name } }${' '.repeat(70_000)}` } }), status: 413, codes: [ErrorCode.QUERY_TOO_COMPLEX], audit: rejected(ErrorCode.QUERY_TOO_COMPLEX, 'i-big', true, 'dsr_handling') },
];

const nobody = { email: 'nobody-at-all@example.org' };

export const NOT_FOUND_REFUSALS: readonly RefusalCase[] = [
  { name: 'not found: a subject nobody knows', request: gqlAs((ctx) => shop(ctx, 'n-one'), 'order_fulfillment', READ, { ref: nobody }), status: 200, codes: [], audit: inExecution(ErrorCode.NOT_FOUND, 'n-one', 'order_fulfillment', 'ok'), check: (r) => expect(r.json?.data).toEqual({ subject: null }) },
  {
    name: 'not found: a batch of subjects nobody knows',
    request: gqlAs((ctx) => ctx.token(['support_agent'], 'n-batch'), 'customer_support', 'query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id } }', { refs: [nobody, { phone: '+15550000000' }] }),
    status: 200,
    codes: [],
    audit: inExecution(ErrorCode.NOT_FOUND, 'n-batch', 'customer_support', 'ok'),
  },
  {
    name: 'not found: erasing a subject nobody knows',
    request: gqlAs((ctx) => officer(ctx, 'n-erase'), 'dsr_handling', 'mutation($i: EraseSubjectInput!){ eraseSubject(input:$i){ id } }', { i: { ref: nobody, reason: 'r' } }),
    status: 200,
    codes: [ErrorCode.NOT_FOUND],
    audit: inExecution(ErrorCode.NOT_FOUND, 'n-erase', 'dsr_handling', 'error'),
  },
];

const harvest = (count: number) => Array.from({ length: count }, (_, i) => ({ email: `user${i + 1}@demo.example` }));
const HARVEST = 'query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id } }';

export const RATE_REFUSALS: readonly RefusalCase[] = [
  {
    name: 'rate: harvesting the base through subjects, the batch after the bucket ran dry',
    // Two batches of 120 pass (the second into debt): one large batch is allowed, a harvest is not.
    before: async (ctx, send) => {
      const token = await shop(ctx, 'harvester');
      for (let i = 0; i < 2; i++) expect((await send(request({ token, purpose: 'order_fulfillment', body: { query: HARVEST, variables: { refs: harvest(120) } } }))).status).toBe(200);
    },
    request: async (ctx) => request({ token: await shop(ctx, 'harvester'), purpose: 'order_fulfillment', body: { query: HARVEST, variables: { refs: harvest(120) } } }),
    status: 429,
    codes: [ErrorCode.RATE_LIMITED],
    audit: rejected(ErrorCode.RATE_LIMITED, 'harvester', true, 'order_fulfillment'),
    check: (r) => expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1),
  },
  {
    name: 'rate: the harvester\'s cheapest request, while in debt',
    request: async (ctx) => request({ token: await shop(ctx, 'harvester'), purpose: 'order_fulfillment', body: { query: '{ sources { name } }' } }),
    status: 429,
    codes: [ErrorCode.RATE_LIMITED],
    audit: rejected(ErrorCode.RATE_LIMITED, 'harvester', true, 'order_fulfillment'),
    check: (r) => expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1),
  },
];
