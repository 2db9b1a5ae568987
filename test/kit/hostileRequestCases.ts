import { ErrorCode } from '../../src/errors';
import type { HostileCase } from './hostileCase';
import { BLOCK, ERASE, gql, post, subjectBy } from './hostileCase';

const { BAD_USER_INPUT, QUERY_TOO_COMPLEX } = ErrorCode;
const SOURCES = '{ sources { name } }';
const BLOCK_ALICE = `mutation { blockSubject(input:{ ref:{ email:"alice@example.com" }, reason:"csrf" }){ id } }`;
const SUBJECT_QUERY = 'query($ref: SubjectRef!){ subject(ref:$ref){ id } }';
const getPath = (query: string, extra = '') => `/graphql?query=${encodeURIComponent(query)}${extra}`;
const deep = (n: number) => `{ ${'a { '.repeat(n)}b${' }'.repeat(n)} }`;
const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

/** The body and the transport: what reaches the parser, and how. */
export const TRANSPORT_CASES: readonly HostileCase[] = [
  { name: 'malformed JSON', request: post('{"query": "{ sources { name } }"'), code: BAD_USER_INPUT, status: 400 },
  { name: 'an empty body', request: post(''), code: BAD_USER_INPUT, status: 400 },
  { name: 'the JSON value null', request: post('null'), code: BAD_USER_INPUT, status: 400 },
  { name: 'a JSON string instead of an object', request: post('"{ sources { name } }"'), code: BAD_USER_INPUT, status: 400 },
  { name: 'query is a number', request: post({ query: 42 }), code: BAD_USER_INPUT, status: 400 },
  { name: 'variables is a string', request: post({ query: SOURCES, variables: '{"a":1}' }), code: BAD_USER_INPUT, status: 400 },
  { name: 'content-type text/plain (a CSRF form post) with a mutation', request: post({ query: BLOCK_ALICE }, { contentType: 'text/plain' }), code: BAD_USER_INPUT, status: 400 },
  { name: 'content-type application/x-www-form-urlencoded', request: post(`query=${encodeURIComponent(BLOCK_ALICE)}`, { contentType: 'application/x-www-form-urlencoded' }), code: BAD_USER_INPUT, status: 400 },
  {
    name: 'content-type multipart/form-data',
    request: post(`--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${BLOCK_ALICE}\r\n--x--\r\n`, { contentType: 'multipart/form-data; boundary=x' }),
    code: BAD_USER_INPUT,
    status: 400,
  },
  { name: 'no content-type', request: post({ query: BLOCK_ALICE }, { contentType: null }), code: BAD_USER_INPUT, status: 400 },
  // X-Purpose forces a browser preflight, so it counts as Apollo's CSRF header: the method answers (405).
  { name: 'a mutation over GET (CSRF by link)', request: (ctx) => ({ method: 'GET', path: getPath(BLOCK_ALICE), headers: [['authorization', `Bearer ${ctx.officer}`], ['x-purpose', 'dsr_handling']] }), code: BAD_USER_INPUT, status: 405 },
  {
    name: 'a mutation over GET with the preflight header',
    request: (ctx) => ({ method: 'GET', path: getPath(BLOCK_ALICE), headers: [['authorization', `Bearer ${ctx.officer}`], ['x-purpose', 'dsr_handling'], ['apollo-require-preflight', 'true']] }),
    code: BAD_USER_INPUT,
    status: 405,
  },
  { name: 'a GET query without X-Purpose (all a simple cross-site request could send)', request: (ctx) => ({ method: 'GET', path: getPath(SOURCES), headers: [['authorization', `Bearer ${ctx.officer}`]] }), code: ErrorCode.PURPOSE_REQUIRED, status: 400 },
  {
    name: 'a GET query with malformed variables',
    request: (ctx) => ({ method: 'GET', path: getPath(SOURCES, '&variables=%7Bnope'), headers: [['authorization', `Bearer ${ctx.officer}`], ['x-purpose', 'dsr_handling'], ['apollo-require-preflight', 'true']] }),
    code: BAD_USER_INPUT,
    status: 400,
  },
  { name: 'a 1 MB document (declared length)', request: post({ query: `${SOURCES} #${'x'.repeat(1024 * 1024)}` }), code: QUERY_TOO_COMPLEX, status: 413 },
  { name: 'a 1 MB document streamed in chunks', request: async (ctx) => ({ ...(await post({ query: `${SOURCES} #${'x'.repeat(1024 * 1024)}` })(ctx)), chunked: true }), code: QUERY_TOO_COMPLEX, status: 413 },
  { name: 'a variables object over 64 KB', request: post({ query: SOURCES, variables: Object.fromEntries(Array.from({ length: 8000 }, (_, i) => [`v${i}`, 'x'.repeat(8)])) }), code: QUERY_TOO_COMPLEX, status: 413 },
  { name: 'a batched array of queries', request: post([{ query: SOURCES }, { query: SOURCES }]), code: BAD_USER_INPUT, status: 400 },
  { name: 'a batched array of mutations', request: post([{ query: BLOCK_ALICE }, { query: BLOCK_ALICE }]), code: BAD_USER_INPUT, status: 400 },
];

/** The document: limits, validation, operations the gateway does not serve. */
export const DOCUMENT_CASES: readonly HostileCase[] = [
  { name: 'depth 100', request: gql(deep(100)), code: QUERY_TOO_COMPLEX, status: 400 },
  { name: '1 000 aliases', request: gql(aliases(1000, 'sources { name }')), code: QUERY_TOO_COMPLEX, status: 400 },
  { name: '100 aliases of a subject read (under the token limit)', request: gql(aliases(100, 'subject(ref:{ customerId:"cus_x" }){ id }')), code: QUERY_TOO_COMPLEX, status: 400 },
  { name: '3 500 repeats of one field (token flood)', request: gql(`{ sources { ${'name '.repeat(3500)}} }`), code: QUERY_TOO_COMPLEX, status: 400 },
  { name: 'a fragment cycle', request: gql('query { sources { ...A } } fragment A on SourceHealth { name ...B } fragment B on SourceHealth { ok ...A }'), code: BAD_USER_INPUT, status: 400 },
  { name: 'a fragment spreading itself', request: gql('query { sources { ...A } } fragment A on SourceHealth { name ...A }'), code: BAD_USER_INPUT, status: 400 },
  { name: 'a flood of 200 @include directives', request: gql(`{ sources { name ${'@include(if: true) '.repeat(200)}} }`), code: QUERY_TOO_COMPLEX, status: 400 },
  { name: 'a flood of 100 unknown directives', request: gql(`{ sources { name ${Array.from({ length: 100 }, (_, i) => `@d${i}`).join(' ')} } }`), code: QUERY_TOO_COMPLEX, status: 400 },
  { name: 'a page size beyond the cost limit', request: gql('{ auditEvents(first: 100000000){ edges { node { id categories denied } } } }'), code: QUERY_TOO_COMPLEX, status: 400 },
  { name: 'an unknown root field', request: gql('{ users { password } }'), code: BAD_USER_INPUT, status: 400 },
  {
    name: 'a misspelt field (no suggestion leaks the schema)',
    request: gql('query($ref: SubjectRef!){ subject(ref:$ref){ profil { name } } }', { ref: { email: 'x@example.org' } }),
    code: BAD_USER_INPUT,
    status: 400,
    check: (r) => expect(r.text).not.toMatch(/Did you mean/),
  },
  { name: 'an unknown argument', request: gql('{ subject(ref:{ email:"x@example.org" }, where:"1=1"){ id } }'), code: BAD_USER_INPUT, status: 400 },
  { name: 'an unknown SubjectRef field in a literal', request: gql('{ subject(ref:{ email:"x@example.org", $where:"1" }){ id } }'), code: BAD_USER_INPUT, status: 400 },
  { name: 'a wrong variable type (string for Int)', request: gql('query($n: Int){ dsrRequests(first:$n){ edges { cursor } } }', { n: '10; DROP TABLE x' }), code: BAD_USER_INPUT, status: 400 },
  { name: 'an undeclared variable', request: gql('{ subject(ref:$ref){ id } }', { ref: { email: 'x@example.org' } }), code: BAD_USER_INPUT, status: 400 },
  { name: 'two anonymous operations', request: gql(`${SOURCES} ${SOURCES}`), code: BAD_USER_INPUT, status: 400 },
  { name: 'an unknown operationName', request: post({ query: `query A ${SOURCES}`, operationName: 'B' }), code: BAD_USER_INPUT, status: 400 },
  { name: 'a subscription (the schema has none)', request: gql('subscription { subjectErased { id } }'), code: BAD_USER_INPUT, status: 400 },
  { name: 'an @defer (not served)', request: gql('{ sources { ... @defer { name } } }'), code: BAD_USER_INPUT, status: 400 },
  { name: 'a persisted-query hash the gateway never saw', request: post({ extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }), code: BAD_USER_INPUT, status: 200 },
];

const ref = (value: unknown) => subjectBy(value);
const sqlInjections = ["' OR '1'='1", "1; DROP TABLE messages; --", "x' UNION SELECT body FROM messages --"];

/** Inputs: SubjectRefs, operator objects, injection strings, nesting, mutations' fields. */
export const INPUT_CASES: readonly HostileCase[] = [
  { name: 'a SubjectRef with no identity', request: ref({}), code: BAD_USER_INPUT, status: 200 },
  { name: 'a SubjectRef with two identities', request: ref({ email: 'x@example.org', phone: '+15550000000' }), code: BAD_USER_INPUT, status: 200 },
  { name: 'a SubjectRef with all three identities', request: ref({ email: 'x@example.org', phone: '+15550000000', customerId: 'cus_x' }), code: BAD_USER_INPUT, status: 200 },
  { name: 'an email of 300 characters', request: ref({ email: `${'a'.repeat(288)}@example.org` }), code: BAD_USER_INPUT, status: 200 },
  { name: 'a local part of 65 characters', request: ref({ email: `${'a'.repeat(65)}@example.org` }), code: BAD_USER_INPUT, status: 200 },
  { name: 'an email without a domain', request: ref({ email: 'somebody@' }), code: BAD_USER_INPUT, status: 200 },
  { name: 'an email with a header injection', request: ref({ email: 'x@example.org\r\nBcc: y@example.org' }), code: BAD_USER_INPUT, status: 200 },
  { name: 'a phone without the international prefix', request: ref({ phone: '89990000001' }), code: BAD_USER_INPUT, status: 200 },
  { name: 'a phone of 40 digits', request: ref({ phone: `+${'7'.repeat(40)}` }), code: BAD_USER_INPUT, status: 200 },
  { name: 'a phone with letters', request: ref({ phone: '+7999CALLME' }), code: BAD_USER_INPUT, status: 200 },
  { name: 'a customer id of 65 characters', request: ref({ customerId: `cus_${'x'.repeat(61)}` }), code: BAD_USER_INPUT, status: 200 },
  ...sqlInjections.map((s): HostileCase => ({ name: `SQL injection in an email: ${s}`, request: ref({ email: `${s}@example.org` }), code: BAD_USER_INPUT, status: 200 })),
  ...sqlInjections.map((s): HostileCase => ({ name: `SQL injection in a phone: ${s}`, request: ref({ phone: `+7999${s}` }), code: BAD_USER_INPUT, status: 200 })),
  ...sqlInjections.map((s): HostileCase => ({ name: `SQL injection in a customerId: ${s}`, request: ref({ customerId: `cus_x${s}` }), code: BAD_USER_INPUT, status: 200 })),
  { name: 'MongoDB $ne where an email belongs', request: gql('query($e: String){ subject(ref:{ email:$e }){ id } }', { e: { $ne: null } }), code: BAD_USER_INPUT, status: 400 },
  { name: 'MongoDB $ne inside a SubjectRef variable', request: ref({ email: { $ne: null } }), code: BAD_USER_INPUT, status: 400 },
  { name: 'MongoDB $gt where a customerId (ID) belongs', request: ref({ customerId: { $gt: '' } }), code: BAD_USER_INPUT, status: 400 },
  { name: 'MongoDB $regex where a phone belongs', request: ref({ phone: { $regex: '.*' } }), code: BAD_USER_INPUT, status: 400 },
  { name: 'a $where key beside an email', request: ref({ email: 'x@example.org', $where: 'sleep(1000)' }), code: BAD_USER_INPUT, status: 400 },
  { name: 'a __proto__ key in a SubjectRef', request: post(`{"query":${JSON.stringify(SUBJECT_QUERY)},"variables":{"ref":{"__proto__":{"email":"x@example.org"}}}}`), code: BAD_USER_INPUT, status: 400 },
  { name: 'an array where a SubjectRef belongs', request: ref([{ email: 'x@example.org' }]), code: BAD_USER_INPUT, status: 400 },
  { name: 'an operator object as a request id', request: gql('query($id: ID!){ dsrRequest(id:$id){ id } }', { id: { $ne: null } }), code: BAD_USER_INPUT, status: 400 },
  { name: 'an operator object in a ledger filter', request: gql('query($s: SubjectRef){ dsrRequests(subject:$s){ edges { cursor } } }', { s: { email: { $exists: true } } }), code: BAD_USER_INPUT, status: 400 },
  { name: 'a forged page cursor', request: gql('{ dsrRequests(after:"eyIkbmUiOm51bGx9"){ edges { cursor } } }'), code: BAD_USER_INPUT, status: 200 },
  { name: '1 001 refs in one batch', request: gql('query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id } }', { refs: Array.from({ length: 1001 }, (_, i) => ({ customerId: `c${i}` })) }), code: BAD_USER_INPUT, status: 200 },
  { name: 'variables nested 20 000 deep', request: post(`{"query":"query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id } }","variables":{"refs":${'['.repeat(20000)}${']'.repeat(20000)}}}`), code: BAD_USER_INPUT, status: 400 },
  { name: 'a SubjectRef nested 5 000 objects deep', request: post(`{"query":${JSON.stringify(SUBJECT_QUERY)},"variables":{"ref":${'{"email":'.repeat(5000)}"x"${'}'.repeat(5000)}}}`), code: BAD_USER_INPUT, status: 400 },
  { name: 'a reason with a NUL byte (blocking Alice)', request: gql(BLOCK, { input: { ref: { email: 'alice@example.com' }, reason: 'ok\u0000; DROP TABLE tickets' } }), code: BAD_USER_INPUT, status: 200 },
  { name: 'a reason of 501 characters', request: gql(BLOCK, { input: { ref: { email: 'alice@example.com' }, reason: 'r'.repeat(501) } }), code: BAD_USER_INPUT, status: 200 },
  { name: 'a blank reason', request: gql(BLOCK, { input: { ref: { email: 'alice@example.com' }, reason: '   ' } }), code: BAD_USER_INPUT, status: 200 },
  { name: 'SQL injection in a reason, about nobody', request: gql(ERASE, { input: { ref: { email: 'nobody@example.org' }, reason: "x'); DELETE FROM messages; --" } }), code: ErrorCode.NOT_FOUND, status: 200 },
  { name: 'an idempotency key with path and operator characters', request: gql(ERASE, { input: { ref: { email: 'alice@example.com' }, reason: 'r', idempotencyKey: '../../{"$ne":1}' } }), code: BAD_USER_INPUT, status: 200 },
  {
    name: 'rectification to an injected email',
    request: gql('mutation($i: RectifySubjectInput!){ rectifySubject(input:$i){ id } }', { i: { ref: { email: 'alice@example.com' }, changes: { email: "x' OR 1=1 --" } } }),
    code: BAD_USER_INPUT,
    status: 200,
  },
  { name: 'rectification with no changes', request: gql('mutation($i: RectifySubjectInput!){ rectifySubject(input:$i){ id } }', { i: { ref: { email: 'alice@example.com' }, changes: {} } }), code: BAD_USER_INPUT, status: 200 },
  {
    name: 'a name of 201 characters in a rectification',
    request: gql('mutation($i: RectifySubjectInput!){ rectifySubject(input:$i){ id } }', { i: { ref: { email: 'alice@example.com' }, changes: { name: 'n'.repeat(201) } } }),
    code: BAD_USER_INPUT,
    status: 200,
  },
  { name: 'consent to the purpose "constructor"', request: gql('mutation{ grantConsent(input:{ ref:{ email:"alice@example.com" }, purpose:"constructor", evidence:"x" }){ status } }'), code: BAD_USER_INPUT, status: 200 },
  { name: 'consent to the purpose "__proto__"', request: gql('mutation{ grantConsent(input:{ ref:{ email:"alice@example.com" }, purpose:"__proto__", evidence:"x" }){ status } }'), code: BAD_USER_INPUT, status: 200 },
  { name: 'consent to a purpose not based on consent', request: gql('mutation{ grantConsent(input:{ ref:{ email:"bob@example.com" }, purpose:"legal_compliance", evidence:"x" }){ status } }'), code: BAD_USER_INPUT, status: 200 },
  { name: '101 erasures at once', request: gql('mutation($i: [EraseSubjectInput!]!){ eraseSubjects(inputs:$i){ id } }', { i: Array.from({ length: 101 }, () => ({ ref: { email: 'alice@example.com' }, reason: 'r' })) }), code: BAD_USER_INPUT, status: 200 },
  {
    name: 'a batch of erasures with one bad input records none',
    request: gql('mutation($i: [EraseSubjectInput!]!){ eraseSubjects(inputs:$i){ id } }', { i: [{ ref: { email: 'alice@example.com' }, reason: 'r' }, { ref: { email: 'bob@example.com' }, reason: 'r' }, { ref: { email: 'not-an-email' }, reason: 'r' }] }),
    code: BAD_USER_INPUT,
    status: 200,
  },
  { name: 'an operator object as the id of a deadline extension', request: gql('mutation($id: ID!){ extendDsrDeadline(input:{ id:$id, reason:"r" }){ id } }', { id: ['dsr_x'] }), code: BAD_USER_INPUT, status: 400 },
  { name: 'a traversal as the id of a deadline extension', request: gql('mutation{ extendDsrDeadline(input:{ id:"../../state/subjects", reason:"r" }){ id } }'), code: ErrorCode.NOT_FOUND, status: 200 },
  { name: 'a mutation under a purpose the policy does not allow it', request: post({ query: BLOCK_ALICE }, { purpose: 'order_fulfillment', token: (ctx) => ctx.shop }), code: ErrorCode.FORBIDDEN, status: 200 },
];
