import { createSupportConnector } from '../../connectors/support/SupportConnector';
import { seedSupport, type SupportTicketSeed } from '../../connectors/support/seedSupport';
import { migrateSupport } from '../../connectors/support/supportSchema';
import { GatewayError } from '../../src/errors';
import type { Connector, ErasePlan, SourceRecord } from '../../src/sources/Connector';
import type { Identity } from '../../src/sources/Identity';
import type { SqlClient } from '../../src/sql/SqlClient';
import { AGENT, countingClient, demoTickets, email, phone, supportTargets } from './supportFixture';

/**
 * The support connector against a real database: PGlite always (one instance for the file,
 * tables truncated and re-seeded per test), and the PostgreSQL server when CI names one.
 */
interface Context {
  sql: SqlClient;
  connector: Connector;
}

const ALICE = [email('alice@example.com'), phone('+79990000001')];
const ids = (records: SourceRecord[] | Error | undefined): string[] => {
  if (!Array.isArray(records)) throw new Error(`expected records, got ${String(records)}`);
  return records.map((r) => r.id);
};
const plan = (identities: Identity[], overrides: Partial<ErasePlan> = {}): ErasePlan =>
  ({ identities, action: 'delete', holds: [], now: new Date('2026-06-01T00:00:00.000Z'), ...overrides });

describe.each(supportTargets('support'))('support connector on %s', (_name, open) => {
  let teardown: (() => Promise<void>) | undefined;
  const ctx = {} as Context;
  beforeAll(async () => {
    const target = await open();
    teardown = target.teardown ?? (() => target.client.close());
    ctx.sql = target.client;
    await migrateSupport(ctx.sql);
    await migrateSupport(ctx.sql); // idempotent
    ctx.connector = createSupportConnector({ sql: ctx.sql });
  });
  afterAll(async () => { await teardown?.(); });
  beforeEach(async () => {
    await ctx.sql.query('TRUNCATE tickets, messages');
    await seedSupport(ctx.sql, demoTickets());
  });

  defineReadTests(ctx);
  defineRestrictTests(ctx);
  defineEraseTests(ctx);
  defineRectifyTests(ctx);
  defineExportTests(ctx);
});

function defineReadTests(ctx: Context): void {
  it('answers a batch of keys with ONE statement: one entry per key, in key order, [] for no match', async () => {
    const counting = countingClient(ctx.sql);
    const connector = createSupportConnector({ sql: counting.client });
    const keys = [phone('+79990000003'), email('nobody@example.com'), ...ALICE, { type: 'CUSTOMER_ID', value: 'cus_alice' } as Identity, email('dave@example.com')];
    const results = await connector.findByIdentities(keys);
    expect(counting.statements).toHaveLength(1);
    expect(results.map(ids)).toEqual([
      ['m-carol-1', 'm-carol-2'], [], ['m-alice-1', 'm-alice-2', 'm-alice-3', 'm-alice-4'],
      ['m-alice-1', 'm-alice-2', 'm-alice-3', 'm-alice-4'], [], ['m-dave-1'],
    ]);
  });

  it('runs no statement when no key is held here, and fails a malformed key alone', async () => {
    const counting = countingClient(ctx.sql);
    const connector = createSupportConnector({ sql: counting.client });
    expect(await connector.findByIdentities([{ type: 'CUSTOMER_ID', value: 'cus_alice' }])).toEqual([[]]);
    expect(counting.statements).toHaveLength(0);
    const [bad, good] = await connector.findByIdentities([email('not-an-email'), email('DAVE@example.com')]);
    expect(bad).toBeInstanceOf(Error);
    expect(ids(good)).toEqual(['m-dave-1']);
  });

  it('maps a message to its fields, the customer\'s identities and profile — never the agent', async () => {
    const [records] = await ctx.connector.findByIdentities([email('alice@example.com')]);
    const reply = (records as SourceRecord[]).find((r) => r.id === 'm-alice-2');
    expect(reply).toEqual({
      id: 'm-alice-2', source: 'support', createdAt: '2025-01-10T10:00:00.000Z', restricted: false,
      identities: [email('alice@example.com'), phone('+79990000001')],
      profile: { name: 'Alice Example', email: 'alice@example.com', phone: '+79990000001' },
      fields: { id: 'm-alice-2', source: 'support', ticketId: 't-alice-1', createdAt: '2025-01-10T10:00:00.000Z', author: 'AGENT', body: 'Sent it again, Alice.' },
    });
    const everything = JSON.stringify(await ctx.connector.findByIdentities([...ALICE, phone('+79990000003')], { includeRestricted: true }));
    expect(everything).not.toContain(AGENT.agentName);
    expect(everything).not.toContain(AGENT.agentEmail);
  });

  it('answers health checks', async () => {
    await expect(ctx.connector.health(AbortSignal.timeout(5000))).resolves.toBeUndefined();
  });
}

function defineRestrictTests(ctx: Context): void {
  it('restricts idempotently, hides the subject from ordinary reads only, and lifts the restriction', async () => {
    expect(await ctx.connector.restrict({ identities: ALICE }, true)).toEqual({ records: 4 });
    expect(await ctx.connector.restrict({ identities: ALICE }, true)).toEqual({ records: 4 });
    expect(await ctx.connector.findByIdentities([ALICE[1]!, email('dave@example.com')])).toEqual([[], expect.any(Array)]);
    const [held] = await ctx.connector.findByIdentities([ALICE[0]!], { includeRestricted: true });
    expect((held as SourceRecord[]).map((r) => r.restricted)).toEqual([true, true, true, true]);
    expect(ids((await ctx.connector.findByIdentities([email('dave@example.com')]))[0])).toEqual(['m-dave-1']);
    expect(await ctx.connector.restrict({ identities: ALICE }, false)).toEqual({ records: 4 });
    expect(ids((await ctx.connector.findByIdentities([ALICE[0]!]))[0])).toHaveLength(4);
    expect(await ctx.connector.restrict({ identities: [email('nobody@example.com')] }, true)).toEqual({ records: 0 });
  });
}

function defineEraseTests(ctx: Context): void {
  const count = async (text: string, params: unknown[] = []): Promise<number> =>
    (await ctx.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${text}`, params)).rows[0]?.n ?? -1;

  it('deletes the subject\'s tickets and messages (agent replies too), plans it exactly, and is idempotent', async () => {
    const planned = await ctx.connector.planErase(plan(ALICE));
    expect(planned).toEqual({ deleted: 4, depersonalized: 0, retained: 0, retainedRecords: [] });
    expect(await count('messages')).toBe(7);
    expect(await ctx.connector.erase(plan(ALICE))).toEqual(planned);
    expect(await count("tickets WHERE id LIKE 't-alice-%'")).toBe(0);
    expect(await count("messages WHERE id LIKE 'm-alice-%'")).toBe(0);
    expect(await ctx.connector.erase(plan(ALICE))).toEqual({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] });
    expect(await count('messages')).toBe(3);
  });

  it('depersonalizes: nothing reveals the subject, the customer\'s words go, agents\' replies stay', async () => {
    const now = new Date('2026-06-01T00:00:00.000Z');
    expect(await ctx.connector.erase(plan(ALICE, { action: 'depersonalize', now }))).toEqual({ deleted: 0, depersonalized: 4, retained: 0, retainedRecords: [] });
    expect(await ctx.connector.findByIdentities(ALICE, { includeRestricted: true })).toEqual([[], []]);
    const tickets = await ctx.sql.query("SELECT customer_email, customer_phone, customer_name, subject, depersonalized_at FROM tickets WHERE id LIKE 't-alice-%'");
    expect(tickets.rows).toEqual([0, 1].map(() => ({ customer_email: null, customer_phone: null, customer_name: null, subject: '[erased]', depersonalized_at: now })));
    const bodies = await ctx.sql.query("SELECT author, body FROM messages WHERE id LIKE 'm-alice-%' ORDER BY id");
    expect(bodies.rows).toEqual([
      { author: 'CUSTOMER', body: '[erased]' }, { author: 'AGENT', body: 'Sent it again, Alice.' },
      { author: 'CUSTOMER', body: '[erased]' }, { author: 'AGENT', body: 'Refunded.' },
    ]);
    expect(await ctx.connector.erase(plan(ALICE, { action: 'depersonalize' }))).toEqual({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] });
  });

  it('keeps, restricted, what a running hold covers, reports until when, and purges it later', async () => {
    const holds = [{ name: 'helpdesk', categories: ['support'], years: 1 }, { name: 'accounting', categories: ['payment.transaction'], years: 50 }];
    // now 2026-02-15: ticket 1 (January 2025) is past its one-year hold, ticket 2 (March 2025) is not.
    const erasePlan = plan(ALICE, { holds, now: new Date('2026-02-15T00:00:00.000Z') });
    const expected = {
      deleted: 2, depersonalized: 0, retained: 2,
      retainedRecords: [
        { id: 'm-alice-3', until: '2026-03-01T12:00:00.000Z', hold: 'helpdesk' },
        { id: 'm-alice-4', until: '2026-03-02T08:00:00.000Z', hold: 'helpdesk' },
      ],
    };
    expect(await ctx.connector.planErase(erasePlan)).toEqual(expected);
    expect(await ctx.connector.erase(erasePlan)).toEqual(expected);
    expect(await ctx.connector.findByIdentities([ALICE[0]!])).toEqual([[]]);
    const [kept] = await ctx.connector.findByIdentities([ALICE[0]!], { includeRestricted: true });
    expect((kept as SourceRecord[]).map((r) => [r.id, r.restricted])).toEqual([['m-alice-3', true], ['m-alice-4', true]]);
    expect(await ctx.connector.erase(erasePlan)).toEqual({ ...expected, deleted: 0 });
    expect(await ctx.connector.purgeRecords(['m-alice-3', 'm-alice-4'])).toEqual({ deleted: 2 });
    expect(await count("tickets WHERE id LIKE 't-alice-%'")).toBe(0);
    expect(await ctx.connector.purgeRecords(['m-alice-3', 'm-alice-4'])).toEqual({ deleted: 0 });
  });

  it('deletes, even when depersonalizing, the subject\'s unheld messages in a ticket kept for a held one', async () => {
    const holds = [{ name: 'helpdesk', categories: ['support.message'], years: 1 }];
    const erasePlan = plan(ALICE, { action: 'depersonalize', holds, now: new Date('2026-03-02T00:00:00.000Z') });
    expect(await ctx.connector.erase(erasePlan)).toMatchObject({ deleted: 1, depersonalized: 2, retained: 1 });
    expect(await count('messages WHERE ticket_id = $1', ['t-alice-2'])).toBe(1);
    expect(await count('tickets WHERE restricted AND customer_email = $1', ['alice@example.com'])).toBe(1);
  });
}

function defineRectifyTests(ctx: Context): void {
  it('overwrites the customer fields it holds, canonical, and finds the subject by the new email', async () => {
    const result = await ctx.connector.rectify({ identities: ALICE }, { name: '  Alice Smith ', email: 'Alice.Smith@Example.com', address: 'Main St 1' });
    expect(result).toEqual({ records: 4, mode: 'overwrite' });
    expect(await ctx.connector.findByIdentities([email('alice@example.com')])).toEqual([[]]);
    const [records] = await ctx.connector.findByIdentities([email('alice.smith@example.com')]);
    expect((records as SourceRecord[]).map((r) => r.profile)).toEqual(Array(4).fill({ name: 'Alice Smith', email: 'alice.smith@example.com', phone: '+79990000001' }));
  });

  it('never adds a value the helpdesk did not hold, and ignores changes it cannot hold', async () => {
    expect(await ctx.connector.rectify({ identities: [phone('+79990000003')] }, { email: 'carol@example.com' })).toEqual({ records: 0, mode: 'none' });
    expect((await ctx.sql.query("SELECT customer_email FROM tickets WHERE id = 't-carol-1'")).rows).toEqual([{ customer_email: null }]);
    expect(await ctx.connector.rectify({ identities: ALICE }, { address: 'Main St 1' })).toEqual({ records: 0, mode: 'none' });
  });

  it('refuses invalid values as BAD_USER_INPUT saying what was expected', async () => {
    const error = await ctx.connector.rectify({ identities: ALICE }, { phone: '12' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('expected a phone number') });
    await expect(ctx.connector.rectify({ identities: ALICE }, { name: ' ' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
}

function defineExportTests(ctx: Context): void {
  it('exports 1 200 messages in pages of 500 (keyset on created_at, id), restricted and agent replies included', async () => {
    await ctx.sql.query('TRUNCATE tickets, messages');
    await seedSupport(ctx.sql, manyMessages(1200));
    await ctx.connector.restrict({ identities: [email('busy@example.com')] }, true);
    const counting = countingClient(ctx.sql);
    const connector = createSupportConnector({ sql: counting.client });
    const exported: SourceRecord[] = [];
    for await (const record of connector.exportRecords({ identities: [email('busy@example.com'), phone('+79990000099')] })) exported.push(record);
    expect(exported).toHaveLength(1200);
    expect(new Set(exported.map((r) => r.id)).size).toBe(1200);
    expect(counting.rowsPerStatement).toEqual([500, 500, 200]);
    const keys = exported.map((r) => `${r.createdAt}|${r.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(exported.filter((r) => r.fields.author === 'AGENT')).toHaveLength(600);
    expect(JSON.stringify(exported)).not.toContain(AGENT.agentName);
  });
}

/** One subject, three tickets, `n` messages; timestamps repeat in runs of 7 so ties must break on id. */
function manyMessages(n: number): SupportTicketSeed[] {
  const base = Date.parse('2025-01-01T00:00:00.000Z');
  return [0, 1, 2].map((t) => ({
    id: `t-busy-${t}`, customerEmail: 'busy@example.com', customerPhone: '+79990000099', customerName: 'Busy', subject: 'Many', createdAt: new Date(base).toISOString(),
    messages: Array.from({ length: n / 3 }, (_, i) => {
      const k = t * (n / 3) + i;
      const at = new Date(base + Math.floor(k / 7) * 1000).toISOString();
      return k % 2 === 0
        ? { id: `m-${String(k).padStart(5, '0')}`, author: 'CUSTOMER' as const, body: `question ${k}`, createdAt: at }
        : { id: `m-${String(k).padStart(5, '0')}`, author: 'AGENT' as const, ...AGENT, body: `answer ${k}`, createdAt: at };
    }),
  }));
}
