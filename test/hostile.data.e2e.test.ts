import { Writable } from 'node:stream';
import { ErrorCode } from '../src/errors';
import { createLogger } from '../src/logging/createLogger';
import type { Connector } from '../src/sources/Connector';
import { stateSnapshot } from './kit/hostileChecks';
import { DEMO_PERSONAL_DATA } from './kit/hostileChecks';
import type { DataCase, DataCaseContext } from './kit/hostileDataCases';
import { ANALYST, INPUT_DATA_CASES, MARK, METADATA_CASES, OFFICER, PSEUDONYM_CASES } from './kit/hostileDataCases';
import type { TestGateway } from './kit/startTestGateway';
import { startTestGateway } from './kit/startTestGateway';

/**
 * Hardening, part 2, the data classes (#13 items 1, 3, 4): input checked once at the boundary,
 * metadata that follows the policy, pseudonyms scoped to their purpose. Every case asserts its
 * exact status, code and data; that nothing of the hostile value or of any demo person reaches the
 * response or the log; that no source was called before a refusal of input; that every store is as
 * it was; and that other callers are unaffected: a read by another purpose still answers from
 * every source and /readyz stays 200.
 */
const CASES: readonly DataCase[] = [...INPUT_DATA_CASES, ...METADATA_CASES, ...PSEUDONYM_CASES];

const lines: string[] = [];
const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
let sourceCalls = 0;
const counting = (connector: Connector): Connector => ({
  ...connector,
  findByIdentities: (keys, options) => {
    sourceCalls++;
    return connector.findByIdentities(keys, options);
  },
});

let gw: TestGateway;
let ctx: DataCaseContext;
beforeAll(async () => {
  gw = await startTestGateway({ env: { CALLBACK_ALLOWLIST: 'https://hooks.example.com/dsr/' }, overrides: { logger: createLogger({ level: 'debug', destination: sink }), wrapConnector: counting } });
  ctx = { names: (purpose) => gw.gateway.services.pseudonymizer.forPurpose(purpose) };
});
afterAll(async () => {
  await gw?.close();
});

/** Every source's records of Alice, as legal compliance reads them: the other caller each case must leave unaffected. */
const EVERY_SOURCE = 'query($ref: SubjectRef!){ subject(ref:$ref){ status orders { id } payments { id } paymentCustomers { createdAt } supportTickets { id } supportMessages { id } newsletterSubscriptions { id } } }';
async function otherCaller(): Promise<{ readyz: number; errors: unknown; counts: Record<string, number> }> {
  const readyz = (await fetch(`${gw.url}/readyz`)).status;
  const r = await gw.query(EVERY_SOURCE, { roles: ['privacy_officer'], purpose: 'legal_compliance', variables: { ref: { email: 'alice@example.com' } } });
  const subject = (r.body.data?.subject ?? {}) as Record<string, unknown>;
  const counts = Object.fromEntries(Object.entries(subject).filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, (v as unknown[]).length]));
  return { readyz, errors: r.body.errors ?? null, counts };
}
const ALICE_EVERYWHERE = { orders: 3, payments: 2, paymentCustomers: 1, supportTickets: 2, supportMessages: 4, newsletterSubscriptions: 1 };

describe('hostile requests against the data: input, metadata, pseudonyms', () => {
  it('has at least 30 cases, each named once, in every class', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect([INPUT_DATA_CASES.length, METADATA_CASES.length, PSEUDONYM_CASES.length].every((n) => n >= 5)).toBe(true);
  });

  it('the other caller reads Alice from every source before any case', async () => {
    expect(await otherCaller()).toEqual({ readyz: 200, errors: null, counts: ALICE_EVERYWHERE });
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await stateSnapshot(gw);
    const logFrom = lines.length;
    const callsBefore = sourceCalls;
    const r = await gw.query(c.query, { roles: c.as.roles, purpose: c.as.purpose, variables: c.variables(ctx) });
    const calls = sourceCalls - callsBefore;
    const logged = lines.slice(logFrom).join('\n');
    const text = JSON.stringify(r.body);

    expect({ status: r.status, codes: (r.body.errors ?? []).map((e) => e.extensions?.code), data: r.body.data }).toEqual({ status: c.status, codes: c.code === null ? [] : Array.from({ length: c.times ?? 1 }, () => c.code), data: c.data });
    if (c.noSourceCall) expect(calls).toBe(0);
    // A refusal of input names the argument and the rule: "refs[2].email: expected …".
    if (c.code === ErrorCode.BAD_USER_INPUT) expect(r.body.errors?.[0]?.message).toMatch(/^[A-Za-z]+(\[\d+\])?(\.[A-Za-z]+(\[\d+\])?)*: expected /);
    expect([text, logged].filter((t) => t.includes(MARK))).toEqual([]);
    expect(DEMO_PERSONAL_DATA.filter((value) => text.includes(value) || logged.includes(value))).toEqual([]);
    expect(await stateSnapshot(gw)).toEqual(before);
    expect(await otherCaller()).toEqual({ readyz: 200, errors: null, counts: ALICE_EVERYWHERE });
  });

  it('a flood of values a driver would refuse never opens a circuit: every source stays closed and ready', async () => {
    for (let i = 0; i < 12; i++) {
      const r = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ id } }', { ...OFFICER, variables: { ref: { email: `a${i}\u0000@example.com` } } });
      expect(r.body.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.BAD_USER_INPUT]);
    }
    const ready = (await (await fetch(`${gw.url}/readyz`)).json()) as { sources: Array<{ circuit: string }> };
    expect(ready.sources.map((s) => s.circuit)).toEqual(ready.sources.map(() => 'closed'));
  });
});

describe('a record list refused as a whole is in the audit', () => {
  it('names the list among the denied fields, and no category of it among those read', async () => {
    await gw.query('query Peek($ref: SubjectRef!){ subject(ref:$ref){ id payments { id createdAt } } }', { roles: ['marketing_service'], purpose: 'marketing', variables: { ref: { email: 'alice@example.com' } } });
    const [event] = (await gw.gateway.services.audit.list({ first: 1 })).events;
    expect(event).toMatchObject({ operation: 'Peek', purpose: 'marketing', denied: ['DataSubject.payments: FORBIDDEN'] });
    expect(event?.categories.filter((c) => c.startsWith('payment'))).toEqual([]);
  });
});

describe('nothing analytics holds joins to another purpose', () => {
  const Q = 'query($ref: SubjectRef!){ subject(ref:$ref){ id identities { type value } profile { email phone } orders { id total } } }';
  const asAnalyst = (ref: Record<string, unknown>) => gw.query(Q, { ...ANALYST, variables: { ref } });

  it('subject id, order ids and pseudonyms differ from every other purpose\'s, and are stable within analytics', async () => {
    const pseudonym = ctx.names('analytics').identity({ type: 'EMAIL', value: 'alice@example.com' });
    const a = await asAnalyst({ pseudonym });
    const again = await asAnalyst({ pseudonym });
    expect(a.body.errors).toBeUndefined();
    expect(again.body.data).toEqual(a.body.data);
    const officer = await gw.query(Q, { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
    const shop = await gw.query(Q, { roles: ['shop_service'], purpose: 'order_fulfillment', variables: { ref: { email: 'alice@example.com' } } });
    const mine = a.body.data?.subject;
    expect(mine.orders).toHaveLength(3);
    for (const other of [officer.body.data?.subject, shop.body.data?.subject]) {
      const theirs = JSON.stringify(other);
      expect(theirs).not.toContain(mine.id);
      for (const o of mine.orders) expect(theirs).not.toContain(o.id);
      for (const i of mine.identities) expect(theirs).not.toContain(i.value);
      // The totals are the same data, under names that do not match.
      expect(other.orders.map((o: { total: number }) => o.total).sort()).toEqual(mine.orders.map((o: { total: number }) => o.total).sort());
    }
    expect(mine.id).toMatch(/^sub_[0-9a-f]{24}$/);
    for (const o of mine.orders) expect(o.id).toMatch(/^rec_[0-9a-f]{24}$/);
  });

  it('every pseudonym analytics was given finds the same subject again, under analytics only', async () => {
    const first = await asAnalyst({ pseudonym: ctx.names('analytics').identity({ type: 'CUSTOMER_ID', value: 'cus_alice' }) });
    const { id, identities, profile } = first.body.data?.subject ?? {};
    expect(identities).toHaveLength(3);
    for (const pseudonym of [...identities.map((i: { value: string }) => i.value), profile.email, profile.phone]) {
      expect((await asAnalyst({ pseudonym })).body.data?.subject.id).toBe(id);
      const officer = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ id } }', { ...OFFICER, variables: { ref: { pseudonym } } });
      expect(officer.body).toEqual({ data: { subject: null } });
    }
  });
});
