import { seedSupport } from '../../src/demo/seedSupport';
import type { ErasePlan } from '../../src/sources/Connector';
import type { Identity } from '../../src/sources/Identity';
import type { SqlClient, SqlQueryable } from '../../src/sql/SqlClient';
import { SqlError } from '../../src/sql/SqlClient';
import { createPgliteSqlClient } from '../../src/sql/PgliteSqlClient';
import { openDeclaredSource } from '../kit/openDeclaredSource';
import { countingClient, demoTickets, email, phone } from './supportFixture';

/**
 * The engine's erasure wave (issue #15.2) against the helpdesk as declared: a wave of subjects
 * is one read per collection and hop and one DELETE per collection, whatever its size; a value
 * the source refuses in one subject's rows fails that subject alone (a per-plan Error), the
 * others are erased.
 */

const plan = (identities: readonly Identity[]): ErasePlan => ({ identities, action: 'delete', holds: [], now: new Date() });
const ALICE = [email('alice@example.com'), phone('+79990000001')];
const CAROL = [phone('+79990000003')];
const DAVE = [email('dave@example.com')];

/** Refuses (SQLSTATE 22001, a value too long) any statement whose parameters name `poisoned`. */
function refusing(inner: SqlClient, poisoned: () => string | null): SqlClient {
  const guarded = (on: SqlQueryable): SqlQueryable => ({
    query: (text, params) => {
      const value = poisoned();
      if (value !== null && /^\s*DELETE/i.test(text) && JSON.stringify(params ?? []).includes(value)) {
        return Promise.reject(new SqlError('query failed (22001)', { operation: 'query', code: '22001', transient: false }));
      }
      return on.query(text, params);
    },
  });
  return { kind: inner.kind, query: guarded(inner).query, transaction: (fn) => inner.transaction((tx) => fn(guarded(tx))), ping: (s) => inner.ping(s), close: () => inner.close() };
}

async function open(poisoned: () => string | null) {
  const pglite = createPgliteSqlClient({ dataDir: null });
  const counting = countingClient(refusing(pglite, poisoned));
  const connector = await openDeclaredSource({ name: 'support', sql: counting.client });
  await seedSupport(pglite, demoTickets());
  return { connector, statements: counting.statements };
}

it('erases a wave with one DELETE per collection, and each subject is what planEraseMany said', async () => {
  const { connector, statements } = await open(() => null);
  try {
    const wave = [plan(ALICE), plan(CAROL), plan(DAVE)];
    const planned = await connector.planEraseMany(wave);
    statements.length = 0;
    expect(await connector.eraseMany(wave)).toEqual(planned);
    const deletes = statements.filter((s) => /^\s*DELETE/i.test(s));
    expect(deletes.length).toBe(new Set(deletes).size);
    expect(deletes.length).toBeLessThanOrEqual(connector.collections.length);
    const after = await connector.findByIdentities([...ALICE, ...CAROL, ...DAVE], { includeRestricted: true });
    expect(after.every((r) => Array.isArray(r) && r.length === 0)).toBe(true);
  } finally {
    await connector.close();
  }
});

it('fails only the subject whose rows the source refuses; the others of the wave are erased', async () => {
  let poisoned: string | null = null;
  const { connector } = await open(() => poisoned);
  try {
    const [carolPlan] = await connector.planEraseMany([plan(CAROL)]);
    if (!carolPlan || carolPlan instanceof Error) throw new Error('expected a plan for Carol');
    const [carolRows] = await connector.findByIdentities(CAROL, { includeRestricted: true });
    if (!carolRows || carolRows instanceof Error || carolRows.length === 0) throw new Error('expected Carol\'s rows');
    poisoned = (carolRows[0]?.id.split('/')[1] ?? '').replace(/[[\]"]/g, '');
    const results = await connector.eraseMany([plan(ALICE), plan(CAROL), plan(DAVE)]);
    expect(results[1]).toBeInstanceOf(Error);
    expect(results[0]).not.toBeInstanceOf(Error);
    expect(results[2]).not.toBeInstanceOf(Error);
    const [alice, carol, dave] = await connector.findByIdentities([ALICE[0] as Identity, CAROL[0] as Identity, DAVE[0] as Identity], { includeRestricted: true });
    expect([alice, dave]).toEqual([[], []]);
    expect(Array.isArray(carol) && carol.length).toBeGreaterThan(0);
  } finally {
    await connector.close();
  }
});
