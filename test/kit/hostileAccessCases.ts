import { ErrorCode } from '../../src/errors';
import type { HostileCase, HostileContext } from './hostileCase';
import { ERASE, gql, post } from './hostileCase';
import type { RawRequest } from './hostileHttp';
import { KID, hmac, validClaims } from './hostileTokens';
import { TEST_SECRET } from './startTestGateway';

const { UNAUTHENTICATED, BAD_USER_INPUT, NOT_FOUND } = ErrorCode;
const READ = { query: 'query($ref: SubjectRef!){ subject(ref:$ref){ id profile { name email phone } } }', variables: { ref: { email: 'alice@example.com' } } };
const now = () => Math.floor(Date.now() / 1000);
const unauthenticated = (name: string, token: (ctx: HostileContext) => string | Promise<string>): HostileCase => ({
  name,
  request: async (ctx) => post(READ, { token: await token(ctx) })(ctx),
  code: UNAUTHENTICATED,
  status: 401,
  check: (r) => expect(r.headers['www-authenticate']).toBe('Bearer'),
});
const withAuthorization = (value: string | null) => (ctx: HostileContext): RawRequest => {
  const request = post(READ, { token: null })(ctx);
  return { ...request, headers: [...(request.headers ?? []), ...(value === null ? [] : [['authorization', value] as const])] };
};

/** Caller tokens: unsigned, forged, confused, expired, malformed claims, oversized. */
export const TOKEN_CASES: readonly HostileCase[] = [
  { name: 'no Authorization header', request: withAuthorization(null), code: UNAUTHENTICATED, status: 401 },
  { name: 'an empty bearer', request: withAuthorization('Bearer '), code: UNAUTHENTICATED, status: 401 },
  { name: 'Basic credentials', request: withAuthorization('Basic YWRtaW46YWRtaW4='), code: UNAUTHENTICATED, status: 401 },
  unauthenticated('alg none, no signature', (ctx) => ctx.forge.compose({ alg: 'none', typ: 'JWT' }, validClaims(), () => '')),
  unauthenticated('alg "None" with an HS256 signature', (ctx) => ctx.forge.compose({ alg: 'None' }, validClaims(), (input) => hmac(TEST_SECRET, input))),
  unauthenticated('HS256 with a guessed secret', (ctx) => ctx.forge.compose({ alg: 'HS256' }, validClaims(), (input) => hmac('privacy-gateway-dev-secret-do-not-use-in-production', input))),
  unauthenticated('HS256 signed with the gateway RSA public key as the secret (HS/RS confusion)', (ctx) => ctx.forge.compose({ alg: 'HS256', kid: KID }, validClaims(), (input) => hmac(ctx.forge.publicPem, input))),
  unauthenticated('RS256 header, signed with the HS secret as if it were the public key', (ctx) => ctx.forge.compose({ alg: 'RS256', kid: KID }, validClaims(), (input) => hmac(TEST_SECRET, input))),
  unauthenticated('RS256 signed by an attacker key under the gateway key id', (ctx) => ctx.forge.attacker('RS256', validClaims(), { kid: KID })),
  unauthenticated('RS256 with the attacker public key embedded as a jwk header', (ctx) => ctx.forge.attacker('RS256', validClaims(), { embedJwk: true })),
  unauthenticated('ES256 from an attacker key', (ctx) => ctx.forge.attacker('ES256', validClaims())),
  unauthenticated('HS512 with the right secret', (ctx) => ctx.forge.hs512(validClaims())),
  unauthenticated('expired', (ctx) => ctx.forge.hs256(validClaims(['privacy_officer'], { exp: now() - 60 }))),
  unauthenticated('not yet valid', (ctx) => ctx.forge.hs256(validClaims(['privacy_officer'], { nbf: now() + 3600 }))),
  unauthenticated('no exp', (ctx) => ctx.forge.hs256({ sub: 'attacker', roles: ['privacy_officer'] })),
  unauthenticated('no sub', (ctx) => ctx.forge.hs256({ roles: ['privacy_officer'], exp: now() + 3600 })),
  unauthenticated('a sub of 200 characters', (ctx) => ctx.forge.hs256(validClaims(['privacy_officer'], { sub: 's'.repeat(200) }))),
  unauthenticated('no roles claim', (ctx) => ctx.forge.hs256({ sub: 'attacker', exp: now() + 3600 })),
  unauthenticated('roles as a string', (ctx) => ctx.forge.hs256(validClaims('privacy_officer'))),
  unauthenticated('roles as a number', (ctx) => ctx.forge.hs256(validClaims(7))),
  unauthenticated('roles as an object', (ctx) => ctx.forge.hs256(validClaims({ privacy_officer: true }))),
  unauthenticated('roles null', (ctx) => ctx.forge.hs256(validClaims(null))),
  unauthenticated('roles holding an object', (ctx) => ctx.forge.hs256(validClaims([{ $ne: null }]))),
  unauthenticated('1 000 roles', (ctx) => ctx.forge.hs256(validClaims(Array.from({ length: 1000 }, (_, i) => `r${i}`)))),
  unauthenticated('a correctly signed token over 8 KB', (ctx) => ctx.forge.hs256(validClaims(['privacy_officer'], { pad: 'p'.repeat(9000) }))),
  unauthenticated('a header that is not JSON', (ctx) => `${Buffer.from('{alg:HS256').toString('base64url')}.${ctx.forge.hs256(validClaims()).split('.').slice(1).join('.')}`),
  unauthenticated('four segments', (ctx) => `${ctx.forge.hs256(validClaims())}.extra`),
  {
    name: 'a forged Authorization header before a valid one',
    request: async (ctx) => {
      const request = withAuthorization(`Bearer ${ctx.forge.compose({ alg: 'none' }, validClaims(), () => '')}`)(ctx);
      return { ...request, headers: [...(request.headers ?? []), ['authorization', `Bearer ${ctx.officer}`]] };
    },
    code: UNAUTHENTICATED,
    status: 401,
  },
  { name: 'a valid token with no roles at all', request: async (ctx) => post(READ, { token: ctx.forge.hs256(validClaims([])) })(ctx), code: ErrorCode.PURPOSE_NOT_ALLOWED, status: 403 },
];

const withPurposes = (...values: string[]) => (ctx: HostileContext): RawRequest => {
  const request = post(READ, { purpose: null })(ctx);
  return { ...request, headers: [...(request.headers ?? []), ...values.map((v) => ['x-purpose', v] as const)] };
};

/** The declared purpose, the method and the path. */
export const PURPOSE_AND_METHOD_CASES: readonly HostileCase[] = [
  { name: 'two X-Purpose headers', request: withPurposes('dsr_handling', 'legal_compliance'), code: BAD_USER_INPUT, status: 400 },
  { name: 'two X-Purpose headers, the same twice', request: withPurposes('dsr_handling', 'dsr_handling'), code: BAD_USER_INPUT, status: 400 },
  { name: 'an X-Purpose with a tab inside', request: withPurposes('dsr\thandling'), code: BAD_USER_INPUT, status: 400 },
  { name: 'an X-Purpose with a latin-1 byte (0xff)', request: withPurposes('dsr_handling\u00ff'), code: BAD_USER_INPUT, status: 400 },
  { name: 'an X-Purpose of 5 000 characters', request: withPurposes('d'.repeat(5000)), code: BAD_USER_INPUT, status: 400 },
  { name: 'the X-Purpose "__proto__"', request: withPurposes('__proto__'), code: BAD_USER_INPUT, status: 400 },
  { name: 'the X-Purpose "constructor"', request: withPurposes('constructor'), code: ErrorCode.UNKNOWN_PURPOSE, status: 400 },
  { name: 'an empty X-Purpose', request: withPurposes(''), code: ErrorCode.PURPOSE_REQUIRED, status: 400 },
  { name: 'a purpose the role may not declare', request: (ctx) => post(READ, { token: ctx.shop, purpose: 'dsr_handling' })(ctx), code: ErrorCode.PURPOSE_NOT_ALLOWED, status: 403 },
  ...['PUT', 'DELETE', 'PATCH', 'PROPFIND', 'OPTIONS'].map((method): HostileCase => ({
    name: `method ${method} on /graphql`,
    request: (ctx) => ({ ...post(READ)(ctx), method }),
    code: BAD_USER_INPUT,
    status: 405,
    check: (r) => expect(r.headers.allow).toBe('GET, POST'),
  })),
  { name: 'an unknown path', request: (ctx) => ({ ...post(READ)(ctx), path: '/admin' }), code: NOT_FOUND, status: 404 },
];

const exportGet = (path: string, token?: (ctx: HostileContext) => string | null, purpose = 'dsr_handling') => (ctx: HostileContext): RawRequest => {
  const bearer = token ? token(ctx) : ctx.officer;
  return { method: 'GET', path, headers: [...(bearer ? [['authorization', `Bearer ${bearer}`] as const] : []), ['x-purpose', purpose]] };
};
const UUID = '00000000-0000-4000-8000-000000000000';

/** GET /exports/{id}: traversal, encodings, null bytes, and who may ask. */
export const EXPORT_CASES: readonly HostileCase[] = [
  ...[
    '/exports/../../etc/passwd',
    '/exports/..%2F..%2Fstate%2Fsubjects.db',
    '/exports/%2e%2e/%2e%2e/etc/passwd',
    '/exports/%252e%252e%252fstate',
    '/exports/..%5C..%5Cstate',
    `/exports/dsr_${UUID}%00.json`,
    `/exports/dsr_${UUID}%2F..%2F..%2Fstate%2Fsubjects.db`,
    '/exports/%E0%A4%A',
    '/exports/%',
    '/exports/',
    `/exports/dsr_${UUID}`,
  ].map((path): HostileCase => ({ name: `GET ${path}`, request: exportGet(path), code: NOT_FOUND, status: 404 })),
  { name: 'GET an export without a token', request: exportGet(`/exports/dsr_${UUID}`, () => null), code: UNAUTHENTICATED, status: 401 },
  { name: 'GET an export under a purpose that is not the privacy office', request: exportGet(`/exports/dsr_${UUID}`, (ctx) => ctx.shop, 'order_fulfillment'), code: ErrorCode.FORBIDDEN, status: 403 },
];

/** Callback URLs outside the allowlist (CALLBACK_ALLOWLIST = CALLBACK_PREFIX): no request is recorded. */
export const CALLBACK_CASES: readonly HostileCase[] = [
  'http://127.0.0.1/dsr/',
  'http://localhost:4000/graphql',
  'http://[::1]/dsr/',
  'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'http://0x7f000001/dsr/',
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_FLUSHALL',
  'javascript:alert(1)',
  'https://user:secret@hooks.example.com/dsr/x',
  'https://hooks.example.com@169.254.169.254/dsr/',
  'https://hooks.example.com.attacker.example/dsr/',
  'https://hooks.example.com/dsr/../admin',
  'https://hooks.example.com:8443/dsr/x',
  'http://hooks.example.com/dsr/x',
  'not a url',
].map((callbackUrl): HostileCase => ({
  name: `callback ${callbackUrl}`,
  request: gql(ERASE, { input: { ref: { email: 'alice@example.com' }, reason: 'hostile test', callbackUrl } }),
  code: BAD_USER_INPUT,
  status: 200,
}));

