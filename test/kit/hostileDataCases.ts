import { ErrorCode } from '../../src/errors';
import type { PurposePseudonyms } from '../../src/subjects/purposePseudonyms';

const { BAD_USER_INPUT, FORBIDDEN, NOT_FOUND } = ErrorCode;

/** In every hostile value: the refusal, the response and the log must never quote it. */
export const MARK = 'zq9x';

/** Who sends a case: a role and the purpose it declares. */
export interface Sender {
  readonly roles: readonly string[];
  readonly purpose: string;
}
export const OFFICER: Sender = { roles: ['privacy_officer'], purpose: 'dsr_handling' };
export const ANALYST: Sender = { roles: ['analyst'], purpose: 'analytics' };
const MARKETING: Sender = { roles: ['marketing_service'], purpose: 'marketing' };
const SUPPORT: Sender = { roles: ['support_agent'], purpose: 'customer_support' };
const SHOP: Sender = { roles: ['shop_service'], purpose: 'order_fulfillment' };

/** What a case may build its request from: the pseudonyms each purpose would be given. */
export interface DataCaseContext {
  readonly names: (purpose: string) => PurposePseudonyms;
}

/**
 * One hostile request of the data classes (#13.1, .3, .4) and the answer the contract gives:
 * exact status and error code (null: no error, e.g. a pseudonym that finds nobody), whether any
 * source may be called before the refusal, and what `data` must then be.
 */
export interface DataCase {
  readonly name: string;
  readonly as: Sender;
  readonly query: string;
  readonly variables: (ctx: DataCaseContext) => Record<string, unknown>;
  readonly status: number;
  readonly code: ErrorCode | null;
  /** How many errors carry it (one per refused field): 1 unless told. */
  readonly times?: number;
  /** Refused before any source is called (input checked at the boundary). */
  readonly noSourceCall?: boolean;
  /** The response's `data`, exactly. */
  readonly data: unknown;
}

const ALICE = { email: 'alice@example.com' };
const SUBJECT = 'query($ref: SubjectRef!){ subject(ref:$ref){ id } }';
const SUBJECTS = 'query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id } }';
const ERASE = 'mutation($i: EraseSubjectInput!){ eraseSubject(input:$i){ id } }';
const ERASE_MANY = 'mutation($i: [EraseSubjectInput!]!){ eraseSubjects(inputs:$i){ id } }';
const BLOCK = 'mutation($i: BlockSubjectInput!){ blockSubject(input:$i){ id } }';
const UNBLOCK = 'mutation($i: BlockSubjectInput!){ unblockSubject(input:$i){ id } }';
const RECTIFY = 'mutation($i: RectifySubjectInput!){ rectifySubject(input:$i){ id } }';
const EXPORT = 'mutation($i: ExportSubjectInput!){ exportSubject(input:$i){ id } }';
const GRANT = 'mutation($i: ConsentInput!){ grantConsent(input:$i){ status } }';
const WITHDRAW = 'mutation($i: ConsentInput!){ withdrawConsent(input:$i){ status } }';
const EXTEND = 'mutation($i: ExtendDeadlineInput!){ extendDsrDeadline(input:$i){ id } }';

/** Root fields that may be null; an error on any other (a mutation, a list, a connection) nulls `data`. */
const NULLABLE_ROOTS = new Set(['subject', 'dsrRequest']);
const refused = (name: string, as: Sender, query: string, variables: Record<string, unknown>, root: string): DataCase => ({
  name, as, query, variables: () => variables, status: 200, code: BAD_USER_INPUT, noSourceCall: true, data: NULLABLE_ROOTS.has(root) ? { [root]: null } : null,
});
const nulEmail = `${MARK}\u0000@example.com`;

/** Control characters, NUL, overlong and malformed values, in each argument of each query and mutation. */
export const INPUT_DATA_CASES: readonly DataCase[] = [
  refused('subject: a NUL inside an email', OFFICER, SUBJECT, { ref: { email: `alice${MARK}\u0000@example.com` } }, 'subject'),
  refused('subject: U+0001 in an email (no space, so the syntax alone let it pass)', OFFICER, SUBJECT, { ref: { email: `a\u0001${MARK}@example.com` } }, 'subject'),
  refused('subject: a C1 control (U+0085) in an email', OFFICER, SUBJECT, { ref: { email: `a\u0085${MARK}@example.com` } }, 'subject'),
  refused('subject: a line separator (U+2028) in an email', OFFICER, SUBJECT, { ref: { email: `a\u2028${MARK}@example.com` } }, 'subject'),
  refused('subject: an unpaired surrogate in an email', OFFICER, SUBJECT, { ref: { email: `a\ud800${MARK}@example.com` } }, 'subject'),
  refused('subject: a trailing line feed on an email', OFFICER, SUBJECT, { ref: { email: `${MARK}@example.com\n` } }, 'subject'),
  refused('subject: a NUL in a phone', OFFICER, SUBJECT, { ref: { phone: `+7999000000\u0000${MARK}` } }, 'subject'),
  refused('subject: a NUL in a customer id', OFFICER, SUBJECT, { ref: { customerId: `cus_${MARK}\u0000` } }, 'subject'),
  refused('subject: a NUL in a pseudonym', ANALYST, SUBJECT, { ref: { pseudonym: `psn_${MARK}\u0000` } }, 'subject'),
  refused('subject: a pseudonym of 600 characters', ANALYST, SUBJECT, { ref: { pseudonym: `psn_${MARK}${'a'.repeat(596)}` } }, 'subject'),
  refused('subject: a pseudonym with markup', ANALYST, SUBJECT, { ref: { pseudonym: `psn_<${MARK}>` } }, 'subject'),
  refused('subject: a malformed email (two @)', OFFICER, SUBJECT, { ref: { email: `${MARK}@@example.com` } }, 'subject'),
  refused('subjects: one NUL among valid refs refuses the batch before any source', SUPPORT, SUBJECTS, { refs: [ALICE, { email: 'bob@example.com' }, { email: nulEmail }] }, 'subjects'),
  refused('dsrRequests: a NUL in the subject filter', OFFICER, 'query($s: SubjectRef){ dsrRequests(subject:$s){ edges { cursor } } }', { s: { email: nulEmail } }, 'dsrRequests'),
  refused('dsrRequests: a NUL in the page cursor', OFFICER, 'query($a: String){ dsrRequests(after:$a){ edges { cursor } } }', { a: `${MARK}\u0000` }, 'dsrRequests'),
  refused('auditEvents: a NUL in the subject filter', { roles: ['privacy_officer'], purpose: 'legal_compliance' }, 'query($s: SubjectRef){ auditEvents(subject:$s){ edges { cursor } } }', { s: { phone: `+7999\u0000${MARK}` } }, 'auditEvents'),
  refused('dsrRequest: a NUL in the id', OFFICER, 'query($id: ID!){ dsrRequest(id:$id){ id } }', { id: `dsr_${MARK}\u0000` }, 'dsrRequest'),
  refused('eraseSubject: a NUL in the ref', OFFICER, ERASE, { i: { ref: { email: nulEmail }, reason: 'r' } }, 'eraseSubject'),
  refused('eraseSubject: a BEL in the reason', OFFICER, ERASE, { i: { ref: ALICE, reason: `art. 17\u0007${MARK}` } }, 'eraseSubject'),
  refused('eraseSubject: a reason of 501 characters', OFFICER, ERASE, { i: { ref: ALICE, reason: `${MARK}${'r'.repeat(497)}` } }, 'eraseSubject'),
  refused('eraseSubject: a NUL in the idempotency key', OFFICER, ERASE, { i: { ref: ALICE, reason: 'r', idempotencyKey: `key-${MARK}\u0000-1` } }, 'eraseSubject'),
  refused('eraseSubject: a tab in the callback URL (the URL parser would drop it)', OFFICER, ERASE, { i: { ref: ALICE, reason: 'r', callbackUrl: `https://hooks.example.com/dsr/\t${MARK}` } }, 'eraseSubject'),
  refused('eraseSubjects: a NUL in the second reason records none', OFFICER, ERASE_MANY, { i: [{ ref: ALICE, reason: 'r' }, { ref: { email: 'bob@example.com' }, reason: `${MARK}\u0000` }] }, 'eraseSubjects'),
  refused('blockSubject: a line break in the reason', OFFICER, BLOCK, { i: { ref: ALICE, reason: `dispute\r\nX-Injected: ${MARK}` } }, 'blockSubject'),
  refused('unblockSubject: a NUL in the phone', OFFICER, UNBLOCK, { i: { ref: { phone: `+7999\u0000${MARK}` }, reason: 'r' } }, 'unblockSubject'),
  refused('rectifySubject: a NUL in the new name (it split the sources, #10)', OFFICER, RECTIFY, { i: { ref: ALICE, changes: { name: `Alice\u0000${MARK}` } } }, 'rectifySubject'),
  refused('rectifySubject: a malformed new email', OFFICER, RECTIFY, { i: { ref: ALICE, changes: { email: `${MARK}@example..com` } } }, 'rectifySubject'),
  refused('rectifySubject: a malformed new phone', OFFICER, RECTIFY, { i: { ref: ALICE, changes: { phone: `+7${MARK}` } } }, 'rectifySubject'),
  refused('rectifySubject: an address of 501 characters', OFFICER, RECTIFY, { i: { ref: ALICE, changes: { address: `${MARK}${'a'.repeat(497)}` } } }, 'rectifySubject'),
  refused('rectifySubject: a NUL in the reason', OFFICER, RECTIFY, { i: { ref: ALICE, changes: { address: 'Moscow' }, reason: `${MARK}\u0000` } }, 'rectifySubject'),
  refused('exportSubject: a NUL in the ref', OFFICER, EXPORT, { i: { ref: { customerId: `cus_\u0000${MARK}` } } }, 'exportSubject'),
  refused('grantConsent: a NUL in the evidence', SHOP, GRANT, { i: { ref: { email: 'bob@example.com' }, purpose: 'marketing', evidence: `form ${MARK}\u0000` } }, 'grantConsent'),
  refused('grantConsent: a NUL in the purpose (never echoed)', OFFICER, GRANT, { i: { ref: ALICE, purpose: `marketing\u0000${MARK}`, evidence: 'x' } }, 'grantConsent'),
  refused('withdrawConsent: an unknown purpose (never echoed)', OFFICER, WITHDRAW, { i: { ref: ALICE, purpose: `${MARK}_purpose` } }, 'withdrawConsent'),
  refused('extendDsrDeadline: a NUL in the id', OFFICER, EXTEND, { i: { id: `dsr_\u0000${MARK}`, reason: 'r' } }, 'extendDsrDeadline'),
];

const aliceIn = (purpose: string) => (ctx: DataCaseContext) => ({ ref: { pseudonym: ctx.names(purpose).identity({ type: 'EMAIL', value: 'alice@example.com' }) } });
const forbiddenList = (name: string, as: Sender, selection: string, lists: readonly string[], variables: DataCase['variables'] = () => ({ ref: ALICE })): DataCase => ({
  name, as, query: `query($ref: SubjectRef!){ subject(ref:$ref){ ${selection} } }`, variables, status: 200, code: FORBIDDEN, times: lists.length, data: { subject: Object.fromEntries(lists.map((l) => [l, null])) },
});

/** Metadata of a source none of whose categories the purpose may read: null as a whole, however it is asked for. */
export const METADATA_CASES: readonly DataCase[] = [
  forbiddenList('marketing: payment ids, dates and count', MARKETING, 'payments { id createdAt }', ['payments']),
  forbiddenList('marketing: support tickets through an alias', MARKETING, 't: supportTickets { id createdAt }', ['t']),
  forbiddenList('marketing: support messages through an inline fragment', MARKETING, '... on DataSubject { supportMessages { id ticketId author createdAt } }', ['supportMessages']),
  forbiddenList('analytics: payments and processor customers through aliases', ANALYST, 'p: payments { id } c: paymentCustomers { createdAt }', ['p', 'c'], aliceIn('analytics')),
  forbiddenList('analytics: support tickets and their messages', ANALYST, 'supportTickets { id } supportMessages { ticketId author }', ['supportTickets', 'supportMessages'], aliceIn('analytics')),
  forbiddenList('analytics: newsletter subscriptions', ANALYST, 'newsletterSubscriptions { id subscribedAt }', ['newsletterSubscriptions'], aliceIn('analytics')),
  forbiddenList('customer support: payments by id only', SUPPORT, 'payments { id source }', ['payments']),
  forbiddenList('order fulfilment: support messages, authors and dates', SHOP, 'supportMessages { author createdAt }', ['supportMessages']),
  {
    name: 'marketing: payments inside a named fragment under subjects',
    as: MARKETING,
    query: 'query($refs: [SubjectRef!]!){ subjects(refs:$refs){ ...P } } fragment P on DataSubject { payments { id createdAt source } }',
    variables: () => ({ refs: [ALICE] }),
    status: 200,
    code: FORBIDDEN,
    data: { subjects: [{ payments: null }] },
  },
];

const analytics = (name: string, ref: Record<string, unknown>): DataCase => ({ name, as: ANALYST, query: SUBJECT, variables: () => ({ ref }), status: 200, code: FORBIDDEN, noSourceCall: true, data: { subject: null } });
const nobody = (name: string, as: Sender, variables: DataCase['variables']): DataCase => ({ name, as, query: SUBJECT, variables, status: 200, code: null, data: { subject: null } });
const flip = (pseudonym: string) => `${pseudonym.slice(0, -6)}${pseudonym.at(-6) === 'A' ? 'B' : 'A'}${pseudonym.slice(-5)}`;

/** Oracles: raw lookups by a depersonalized purpose, and pseudonyms outside the purpose they were made for. */
export const PSEUDONYM_CASES: readonly DataCase[] = [
  analytics('analytics looks up a raw email (the dictionary attack)', ALICE),
  analytics('analytics looks up a raw phone', { phone: '+79990000001' }),
  analytics('analytics looks up a raw customer id', { customerId: 'cus_alice' }),
  analytics('analytics looks up an email nobody has (no oracle: the same answer)', { email: `${MARK}@example.org` }),
  {
    name: 'analytics batches its own pseudonym with a raw email: refused whole, no pseudonym returned',
    as: ANALYST,
    query: 'query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id identities { value } } }',
    variables: (ctx) => ({ refs: [aliceIn('analytics')(ctx).ref, { email: 'bob@example.com' }] }),
    status: 200,
    code: FORBIDDEN,
    noSourceCall: true,
    data: null,
  },
  nobody('a pseudonym keyed for another purpose finds nobody under analytics', ANALYST, aliceIn('marketing')),
  nobody('a forged pseudonym of the right shape finds nobody', ANALYST, () => ({ ref: { pseudonym: `psn_${Buffer.alloc(60, 7).toString('base64url')}` } })),
  nobody('an analytics pseudonym with one character changed finds nobody', ANALYST, (ctx) => ({ ref: { pseudonym: flip(aliceIn('analytics')(ctx).ref.pseudonym) } })),
  nobody("the officer cannot map analytics' pseudonym back (only analytics can)", OFFICER, aliceIn('analytics')),
  nobody("order fulfilment cannot map analytics' pseudonym back", SHOP, aliceIn('analytics')),
  { name: "an erasure named by analytics' pseudonym finds nobody and records nothing", as: OFFICER, query: ERASE, variables: (ctx) => ({ i: { ref: aliceIn('analytics')(ctx).ref, reason: 'r' } }), status: 200, code: NOT_FOUND, data: null },
];
