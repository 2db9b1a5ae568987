import { toSupportRecord } from '../../connectors/support/toSupportRecord';
import { planSupportErasure, type ErasureCandidate } from '../../connectors/support/planSupportErasure';
import { createSupportConnector } from '../../connectors/support/SupportConnector';
import { supportKeys } from '../../connectors/support/supportKeys';
import { supportQueries } from '../../connectors/support/supportQueries';
import { SourceUnavailableError, TransientSourceError } from '../../src/errors';
import { SqlError, type SqlClient } from '../../src/sql/SqlClient';
import { email, phone } from './supportFixture';

/** The pure half of the support connector, and its failure mapping: no database needed. */
describe('supportQueries', () => {
  const keys = { emails: ['alice@example.com'], phones: ['+79990000001'] };

  it('matches the subject with two array parameters, whatever the number of keys', () => {
    const statement = supportQueries.findMessages({ keys, includeRestricted: false });
    expect(statement.text).toContain('t.customer_email = ANY($1::text[]) OR t.customer_phone = ANY($2::text[])');
    expect(statement.text).toContain('NOT (m.restricted OR t.restricted)');
    expect(statement.params).toEqual([['alice@example.com'], ['+79990000001']]);
    expect(supportQueries.findMessages({ keys, includeRestricted: true }).text).not.toContain('NOT (m.restricted');
  });

  it('reads the agent\'s name and email only to redact them: a record never carries them', () => {
    for (const statement of [supportQueries.findMessages({ keys, includeRestricted: true }), supportQueries.exportPage({ keys, after: null, limit: 500 })]) {
      expect(statement.text).not.toMatch(/m\.\*/);
    }
    const record = toSupportRecord({
      id: 'msg_1', ticket_id: 'tkt_1', author: 'AGENT', body: 'Re-sent the key, Alice. Ivan (ivan.petrov@shop.example)', created_at: '2024-01-01T00:00:00Z', restricted: false,
      customer_email: 'alice@example.com', customer_phone: null, customer_name: 'Alice', agent_name: 'Ivan Petrov', agent_email: 'ivan.petrov@shop.example',
    });
    expect(JSON.stringify(record)).not.toMatch(/ivan|petrov/i);
    expect(record.fields.body).toBe('Re-sent the key, Alice. [agent] ([agent])');
  });

  it('pages the export by keyset (created_at, id), never by offset', () => {
    const first = supportQueries.exportPage({ keys, after: null, limit: 500 });
    expect(first.text).toMatch(/\(m\.created_at, m\.id\) > \(\$3::timestamptz, \$4::text\)/);
    expect(first.text).not.toMatch(/OFFSET/i);
    expect(first.params.slice(2)).toEqual([null, null, 500]);
    expect(supportQueries.exportPage({ keys, after: { at: '2025-01-01T00:00:00.000001Z', id: 'm-9' }, limit: 500 }).params.slice(2))
      .toEqual(['2025-01-01T00:00:00.000001Z', 'm-9', 500]);
  });

  it('rectifies only the given fields, as parameters, and only where the ticket holds them', () => {
    expect(supportQueries.rectify({ keys, changes: {} })).toBeNull();
    const statement = supportQueries.rectify({ keys, changes: { email: "x'; DROP TABLE tickets; --@example.com" } });
    expect(statement?.text).toContain('customer_email = CASE WHEN t.customer_email IS NULL THEN NULL ELSE $3::text END');
    expect(statement?.text).not.toContain('customer_name =');
    expect(statement?.text).not.toContain('DROP');
    expect(statement?.params).toEqual([keys.emails, keys.phones, "x'; DROP TABLE tickets; --@example.com"]);
  });

  it('derives the subject keys from canonical emails and phones only', () => {
    expect(supportKeys([email('Alice@Example.com'), phone('+7 999 000-00-01'), email('bad'), { type: 'CUSTOMER_ID', value: 'cus_1' }, email('alice@example.com')]))
      .toEqual({ emails: ['alice@example.com'], phones: ['+79990000001'] });
  });
});

describe('planSupportErasure', () => {
  const candidates: ErasureCandidate[] = [
    { ticket_id: 't1', message_id: 'm1', created_at: new Date('2020-01-01T00:00:00Z') },
    { ticket_id: 't1', message_id: 'm2', created_at: new Date('2025-06-01T00:00:00Z') },
    { ticket_id: 't2', message_id: 'm3', created_at: '2020-01-01T00:00:00Z' },
    { ticket_id: 't3', message_id: null, created_at: null },
  ];
  const now = new Date('2026-01-01T00:00:00Z');

  it('without holds, deletes or depersonalizes whole tickets, an empty one included', () => {
    const deletion = planSupportErasure({ candidates, plan: { identities: [], action: 'delete', holds: [], now }, categories: ['support.message'] });
    expect(deletion).toMatchObject({ deleteTickets: ['t1', 't2', 't3'], result: { deleted: 3, depersonalized: 0, retained: 0 } });
    const depersonalization = planSupportErasure({ candidates, plan: { identities: [], action: 'depersonalize', holds: [], now }, categories: ['support.message'] });
    expect(depersonalization).toMatchObject({ depersonalizeTickets: ['t1', 't2', 't3'], result: { deleted: 0, depersonalized: 3 } });
  });

  it('retains what the longest running hold covers, with its end; ignores holds on other categories', () => {
    const holds = [
      { name: 'short', categories: ['support.*'], years: 1 },
      { name: 'long', categories: ['support'], years: 3 },
      { name: 'accounting', categories: ['payment.transaction'], years: 100 },
    ];
    const erasure = planSupportErasure({ candidates, plan: { identities: [], action: 'delete', holds, now }, categories: ['support.message'] });
    expect(erasure.result).toEqual({ deleted: 2, depersonalized: 0, retained: 1, retainedRecords: [{ id: 'm2', until: '2028-06-01T00:00:00.000Z', hold: 'long' }] });
    expect(erasure).toMatchObject({ deleteTickets: ['t2', 't3'], deleteMessages: ['m1'], restrictMessages: ['m2'], restrictTickets: ['t1'] });
  });

  it('refuses a malformed plan with a TypeError saying what was expected', () => {
    const bad = { identities: [], action: 'shred', holds: [], now } as never;
    expect(() => planSupportErasure({ candidates, plan: bad, categories: [] })).toThrow('expected plan.action "delete" or "depersonalize", got "shred"');
    expect(() => planSupportErasure({ candidates, plan: { identities: [], action: 'delete', holds: [{ name: 'h', categories: [], years: -1 }], now }, categories: [] }))
      .toThrow('expected hold "h" to last a positive number of years, got -1');
  });
});

describe('support connector failures', () => {
  const failing = (error: Error): SqlClient => ({
    kind: 'postgres',
    query: () => Promise.reject(error),
    transaction: () => Promise.reject(error),
    ping: () => Promise.reject(error),
    close: async () => undefined,
  });
  const lost = new SqlError('SQL connect failed: ECONNREFUSED', { operation: 'connect', code: 'ECONNREFUSED', transient: true });
  const broken = new SqlError('SQL query failed: SQLSTATE 42P01 (undefined_table)', { operation: 'query', code: '42P01', transient: false });
  const subject = { identities: [email('alice@example.com')] };

  it('turns any database failure of a read into SOURCE_UNAVAILABLE, keeping the SqlError as cause', async () => {
    const connector = createSupportConnector({ sql: failing(broken) });
    const error = await connector.findByIdentities([email('alice@example.com')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(error).toMatchObject({ message: 'source "support" is unavailable', cause: broken });
    await expect(createSupportConnector({ sql: failing(lost) }).health()).rejects.toBeInstanceOf(SourceUnavailableError);
  });

  it('makes a lost connection during a DSR action a TransientSourceError (the worker retries), anything else final', async () => {
    const flaky = createSupportConnector({ sql: failing(lost) });
    const plan = { ...subject, action: 'delete' as const, holds: [], now: new Date() };
    await expect(flaky.erase(plan)).rejects.toBeInstanceOf(TransientSourceError);
    await expect(flaky.restrict(subject, true)).rejects.toBeInstanceOf(TransientSourceError);
    await expect(flaky.purgeRecords(['m1'])).rejects.toBeInstanceOf(TransientSourceError);
    await expect(flaky.exportRecords(subject)[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(TransientSourceError);
    await expect(createSupportConnector({ sql: failing(broken) }).rectify(subject, { name: 'A' })).rejects.toBeInstanceOf(SourceUnavailableError);
  });

  it('refuses misuse with a TypeError saying what was expected', async () => {
    expect(() => createSupportConnector({ sql: null as never })).toThrow('expected options.sql to be a SqlClient, got null');
    const connector = createSupportConnector({ sql: failing(broken) });
    await expect(connector.restrict(subject, 'yes' as never)).rejects.toThrow('expected restricted to be a boolean, got string');
    await expect(connector.purgeRecords([''])).rejects.toThrow('expected message ids as non-empty strings, got an empty string');
  });
});
