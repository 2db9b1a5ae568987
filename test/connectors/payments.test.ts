import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connector, ErasePlan } from '../../src/sources/Connector';
import { SourceUnavailableError, TransientSourceError } from '../../src/errors';
import type { PaymentsFixture } from './paymentsFixture';
import { asRecords, customer, failure, startPaymentsFixture } from './paymentsFixture';

/**
 * The payments connector against the real demo processor (HTTP on a free port): batching
 * counted at the source, paging, and the DSR actions with a legal hold. Failure mapping is in
 * payments.failures.test.ts.
 */
let fx: PaymentsFixture;
let connector: Connector;

beforeAll(async () => {
  fx = await startPaymentsFixture();
  connector = fx.connector();
});
afterAll(async () => {
  await connector.close();
  await fx.processor.stop();
});
beforeEach(() => {
  fx.processor.faults.clear();
  fx.processor.stats.reset();
});

const SEARCH = 'POST /v1/payments/search';
const accounting = { name: 'accounting', categories: ['payment.transaction'], years: 5 };

describe('reads', () => {
  it('looks up 100 customers with one HTTP request, results in key order', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `cus_batch${i}`);
    for (const [i, id] of ids.entries()) await fx.seedCustomer({ id, payments: Array.from({ length: 1 + (i % 3) }, () => ({ yearsAgo: 1 })) });
    const keys = [...ids].reverse().map(customer);
    fx.processor.stats.reset();
    const results = await connector.findByIdentities(keys);
    expect(fx.processor.stats.count(SEARCH)).toBe(1);
    expect(fx.processor.stats.total()).toBe(1);
    expect(results).toHaveLength(100);
    results.forEach((entry, i) => {
      const records = asRecords(entry);
      const n = Number(keys[i]!.value.replace('cus_batch', ''));
      expect(records).toHaveLength(1 + (n % 3));
      for (const r of records) expect(r.identities).toEqual([keys[i]]);
    });
  });

  it('answers other identity types with [], unknown ids with [], a malformed id with an Error, duplicates alike', async () => {
    const [a] = await fx.seedCustomer({ id: 'cus_order_a', name: 'Ann Order', payments: [{ yearsAgo: 2, amount: 12.5 }] });
    await fx.seedCustomer({ id: 'cus_order_b', payments: [{ yearsAgo: 1 }, { yearsAgo: 0 }] });
    const keys = [
      { type: 'EMAIL' as const, value: 'ann@example.com' },
      customer('cus_order_b'),
      customer('cus_nobody'),
      customer('not a customer id!'),
      customer('cus_order_a'),
      customer('cus_order_b'),
    ];
    const results = await connector.findByIdentities(keys);
    expect(fx.processor.stats.count(SEARCH)).toBe(1);
    expect(results).toHaveLength(keys.length);
    expect(results[0]).toEqual([]);
    expect(asRecords(results[1]).map((r) => r.id)).toEqual(['pay_order_b_0', 'pay_order_b_1']);
    expect(results[2]).toEqual([]);
    expect(results[3]).toBeInstanceOf(Error);
    expect(results[5]).toEqual(results[1]);
    expect(asRecords(results[4])).toEqual([
      {
        id: a!.id,
        source: 'payments',
        collection: 'payments',
        createdAt: a!.createdAt,
        identities: [customer('cus_order_a')],
        restricted: false,
        profile: { name: 'Ann Order' },
        fields: { id: a!.id, source: 'payments', createdAt: a!.createdAt, amount: 12.5, currency: 'EUR', status: 'succeeded', cardLast4: '4242' },
      },
    ]);
  });

  it('makes no request when no key is a customer id', async () => {
    expect(await connector.findByIdentities([{ type: 'PHONE', value: '+79990000001' }])).toEqual([[]]);
    expect(fx.processor.stats.total()).toBe(0);
  });

  it('follows has_more across pages, in (createdAt, id) order, and exports page by page', async () => {
    const payments = Array.from({ length: 2300 }, (_, i) => ({ yearsAgo: 3, id: `pay_many_${String(i).padStart(4, '0')}` }));
    await fx.seedCustomer({ id: 'cus_many', payments });
    fx.processor.stats.reset();
    const records = asRecords((await connector.findByIdentities([customer('cus_many')]))[0]);
    expect(fx.processor.stats.count(SEARCH)).toBe(3);
    expect(records.map((r) => r.id)).toEqual(payments.map((p) => p.id));

    fx.processor.stats.reset();
    let exported = 0;
    for await (const record of connector.exportRecords({ identities: [customer('cus_many')] })) {
      expect(record.identities).toEqual([customer('cus_many')]);
      exported++;
    }
    expect(exported).toBe(2300);
    expect(fx.processor.stats.count(SEARCH)).toBe(3);
  });

  it('answers a health check, also for a stopped processor (by rejecting)', async () => {
    await expect(connector.health(AbortSignal.timeout(1000))).resolves.toBeUndefined();
    const stopped = await startPaymentsFixture();
    await stopped.processor.stop();
    const dead = stopped.connector();
    expect(await failure(dead.health())).toBeInstanceOf(SourceUnavailableError);
    expect(await failure(dead.findByIdentities([customer('cus_x')]))).toBeInstanceOf(SourceUnavailableError);
    expect(await failure(dead.restrict({ identities: [customer('cus_x')] }, true))).toBeInstanceOf(TransientSourceError);
  });
});

describe('DSR actions', () => {
  const plan = (id: string, extra: Partial<ErasePlan> = {}): ErasePlan => ({ identities: [customer(id)], action: 'delete', holds: [accounting], now: new Date(), ...extra });

  it('restricts idempotently, hides restricted payments from reads, and lifts the restriction', async () => {
    await fx.seedCustomer({ id: 'cus_restrict', payments: [{ yearsAgo: 1 }, { yearsAgo: 2 }] });
    const subject = { identities: [customer('cus_restrict'), { type: 'EMAIL' as const, value: 'r@example.com' }] };
    expect(await connector.restrict(subject, true)).toEqual({ records: 2 });
    expect(await connector.restrict(subject, true)).toEqual({ records: 2 });
    expect(await connector.findByIdentities([customer('cus_restrict')])).toEqual([[]]);
    const all = asRecords((await connector.findByIdentities([customer('cus_restrict')], { includeRestricted: true }))[0]);
    expect(all.map((r) => r.restricted)).toEqual([true, true]);
    expect((await fx.api('/v1/customers/cus_restrict')).body).toMatchObject({ restricted: true });
    expect(await connector.restrict(subject, false)).toEqual({ records: 2 });
    expect(asRecords((await connector.findByIdentities([customer('cus_restrict')]))[0])).toHaveLength(2);
    expect(await connector.restrict({ identities: [customer('cus_nobody')] }, true)).toEqual({ records: 0 });
  });

  it('erases under a 5-year hold: the 1-year-old payment is kept, restricted, until its date; the 8-year-old one is deleted', async () => {
    const [recent, old] = await fx.seedCustomer({ id: 'cus_hold', payments: [{ yearsAgo: 1 }, { yearsAgo: 8 }] });
    const until = new Date(recent!.createdAt);
    until.setUTCFullYear(until.getUTCFullYear() + 5);
    const expected = { deleted: 1, depersonalized: 0, retained: 1, retainedRecords: [{ id: recent!.id, until: until.toISOString(), hold: 'accounting' }] };

    expect(await connector.planErase(plan('cus_hold'))).toEqual(expected);
    expect((await fx.api(`/v1/payments/${old!.id}`)).status).toBe(200);
    expect(await connector.erase(plan('cus_hold'))).toEqual(expected);

    expect((await fx.api(`/v1/payments/${old!.id}`)).status).toBe(404);
    expect((await fx.api('/v1/customers/cus_hold')).status).toBe(404);
    expect(await connector.findByIdentities([customer('cus_hold')])).toEqual([[]]);
    const kept = asRecords((await connector.findByIdentities([customer('cus_hold')], { includeRestricted: true }))[0]);
    expect(kept.map((r) => [r.id, r.restricted])).toEqual([[recent!.id, true]]);

    // A second run (the worker retrying after a crash) deletes nothing and still reports the hold.
    expect(await connector.erase(plan('cus_hold'))).toEqual({ ...expected, deleted: 0 });
    // Once the hold has ended, the purge removes it; purging twice is harmless.
    expect(await connector.purgeRecords([recent!.id, 'pay_never_existed'])).toEqual({ deleted: 1 });
    expect(await connector.purgeRecords([recent!.id])).toEqual({ deleted: 0 });
  });

  it('is idempotent: a second erasure of a deleted customer reports zeros', async () => {
    await fx.seedCustomer({ id: 'cus_twice', payments: [{ yearsAgo: 9 }, { yearsAgo: 10 }] });
    expect(await connector.erase(plan('cus_twice'))).toEqual({ deleted: 2, depersonalized: 0, retained: 0, retainedRecords: [] });
    expect(await connector.erase(plan('cus_twice'))).toEqual({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] });
    expect(await connector.erase(plan('cus_nobody'))).toEqual({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] });
  });

  it('ignores holds that do not cover payment data', async () => {
    await fx.seedCustomer({ id: 'cus_orderhold', payments: [{ yearsAgo: 1 }] });
    const orderHold = { name: 'orders', categories: ['order'], years: 10 };
    expect(await connector.erase(plan('cus_orderhold', { holds: [orderHold] }))).toMatchObject({ deleted: 1, retained: 0 });
  });

  it('keeps more than a URL holds: 150 held payments travel in the body', async () => {
    await fx.seedCustomer({ id: 'cus_busy', payments: [...Array.from({ length: 150 }, () => ({ yearsAgo: 1 })), { yearsAgo: 7 }] });
    const done = await connector.erase(plan('cus_busy'));
    expect(done).toMatchObject({ deleted: 1, retained: 150 });
    const kept = asRecords((await connector.findByIdentities([customer('cus_busy')], { includeRestricted: true }))[0]);
    expect(kept).toHaveLength(150);
  });

  it('depersonalizes: the profile goes, the payments stay with their amounts but unlinked; held ones stay linked', async () => {
    const [held, free] = await fx.seedCustomer({ id: 'cus_depers', name: 'Dee Person', payments: [{ yearsAgo: 1 }, { yearsAgo: 6, amount: 99 }] });
    const depersonalize = plan('cus_depers', { action: 'depersonalize' });
    expect(await connector.planErase(depersonalize)).toMatchObject({ deleted: 0, depersonalized: 1, retained: 1 });
    expect(await connector.erase(depersonalize)).toMatchObject({ deleted: 0, depersonalized: 1, retained: 1, retainedRecords: [{ id: held!.id }] });
    expect((await fx.api(`/v1/payments/${free!.id}`)).body).toMatchObject({ customerId: null, amount: 99, currency: 'EUR' });
    expect((await fx.api('/v1/customers/cus_depers')).body).toMatchObject({ name: null });
    const linked = asRecords((await connector.findByIdentities([customer('cus_depers')], { includeRestricted: true }))[0]);
    expect(linked.map((r) => [r.id, r.restricted, r.profile])).toEqual([[held!.id, true, undefined]]);
    expect(await connector.erase(depersonalize)).toMatchObject({ depersonalized: 0, retained: 1 });
  });

  it('rectifies by annotating each payment with the corrected field names, never the values', async () => {
    const payments = await fx.seedCustomer({ id: 'cus_rectify', payments: [{ yearsAgo: 1 }, { yearsAgo: 2 }] });
    const subject = { identities: [customer('cus_rectify')] };
    expect(await connector.rectify(subject, { name: 'Rex Corrected', email: 'rex@example.com' })).toEqual({ records: 2, mode: 'annotate' });
    for (const p of payments) {
      const { body } = await fx.api(`/v1/payments/${p.id}`);
      const notes = (body as { notes: Array<{ note: string }> }).notes;
      expect(notes).toHaveLength(1);
      expect(notes[0]!.note).toMatch(/name, email corrected/);
      expect(JSON.stringify(notes)).not.toMatch(/Rex Corrected|rex@example/);
    }
    expect(await connector.rectify(subject, {})).toEqual({ records: 0, mode: 'none' });
    expect(await connector.rectify({ identities: [customer('cus_nobody')] }, { name: 'X' })).toEqual({ records: 0, mode: 'none' });
  });
});

describe('the processor with a data dir', () => {
  it('keeps its data, restrictions and erasures across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'processor-'));
    try {
      const first = await startPaymentsFixture({ dataDir });
      await first.seedCustomer({ id: 'cus_keep', payments: [{ yearsAgo: 1 }] });
      await first.seedCustomer({ id: 'cus_gone', payments: [{ yearsAgo: 9 }] });
      const c1 = first.connector();
      await c1.restrict({ identities: [customer('cus_keep')] }, true);
      await c1.erase({ identities: [customer('cus_gone')], action: 'delete', holds: [accounting], now: new Date() });
      await first.processor.stop();

      const second = await startPaymentsFixture({ dataDir });
      expect(await second.processor.isEmpty()).toBe(false);
      const c2 = second.connector();
      const [kept, gone] = await c2.findByIdentities([customer('cus_keep'), customer('cus_gone')], { includeRestricted: true });
      expect(asRecords(kept).map((r) => r.restricted)).toEqual([true]);
      expect(gone).toEqual([]);
      await second.processor.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

