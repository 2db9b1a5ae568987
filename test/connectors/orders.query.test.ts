import { buildIdentityFilter } from '../../connectors/orders/buildIdentityFilter';
import { groupByIdentity } from '../../connectors/orders/groupByIdentity';
import { orderCategories, planOrderErasure } from '../../connectors/orders/planOrderErasure';
import { rectifyChanges } from '../../connectors/orders/rectifyChanges';
import { toOrderRecord } from '../../connectors/orders/toOrderRecord';
import { GatewayError } from '../../src/errors';
import type { ErasePlan } from '../../src/sources/Connector';
import { customer, email, makeOrder, phone } from './ordersFixture';

/** The orders connector's pure half: queries and decisions, no database. */
describe('orders query builder', () => {
  it('asks for many identities with one $or of one $in per identity type', () => {
    const keys = [email('a@x.io'), phone('+79990000001'), email('b@x.io'), customer('cus_1'), email('a@x.io')];
    expect(buildIdentityFilter(keys, { includeRestricted: false })).toEqual({
      $or: [{ email: { $in: ['a@x.io', 'b@x.io'] } }, { phone: { $in: ['+79990000001'] } }, { customerId: { $in: ['cus_1'] } }],
      restricted: { $ne: true },
    });
    expect(buildIdentityFilter([customer('c')], { includeRestricted: true })).toEqual({ $or: [{ customerId: { $in: ['c'] } }] });
    expect(buildIdentityFilter([], { includeRestricted: true })).toBeNull();
  });

  it('groups records per key, in key order, [] for a key nothing reveals', () => {
    const a = toOrderRecord(makeOrder({ _id: 'o1', email: 'a@x.io', customerId: 'c1' }));
    const b = toOrderRecord(makeOrder({ _id: 'o2', customerId: 'c1' }));
    const grouped = groupByIdentity([customer('c1'), email('zz@x.io'), email('a@x.io'), customer('c1')], [a, b]);
    expect(grouped.map((list) => list.map((r) => r.id))).toEqual([['o1', 'o2'], [], ['o1'], ['o1', 'o2']]);
    expect(grouped[0]).not.toBe(grouped[3]);
  });

  it('maps an order to a SourceRecord revealing its canonical identities', () => {
    const record = toOrderRecord(makeOrder({ _id: 'o1', email: 'a@x.io', phone: 'not a phone', customerId: 'c1', name: 'A', restricted: true }));
    expect(record).toEqual({
      id: 'o1', source: 'orders', createdAt: '2024-03-01T10:00:00.000Z', restricted: true,
      identities: [email('a@x.io'), customer('c1')],
      profile: { name: 'A', email: 'a@x.io', phone: 'not a phone', address: null },
      fields: { id: 'o1', source: 'orders', createdAt: '2024-03-01T10:00:00.000Z', total: 10, items: [{ sku: 'SKU-1', name: 'Mug', quantity: 1, price: 10 }], ip: '203.0.113.7', device: 'iPhone' },
    });
  });
});

describe('orders erasure planning', () => {
  const now = new Date('2025-06-01T00:00:00.000Z');
  const plan = (overrides: Partial<ErasePlan> = {}): ErasePlan => ({ identities: [], action: 'delete', holds: [], now, ...overrides });
  const recent = makeOrder({ _id: 'recent', createdAt: '2024-01-15T00:00:00.000Z' });
  const old = makeOrder({ _id: 'old', createdAt: '2012-01-15T00:00:00.000Z' });

  it('lists the categories an order actually holds', () => {
    expect(orderCategories(makeOrder({ _id: 'x', email: 'a@x.io', ip: null, items: [] })).sort())
      .toEqual(['contact.email', 'order.total', 'technical.device']);
  });

  it('applies the action when no hold covers the order', () => {
    expect(planOrderErasure([recent, old], plan())).toEqual({ deleteIds: ['recent', 'old'], depersonalizeIds: [], retained: [] });
    expect(planOrderErasure([recent], plan({ action: 'depersonalize' }))).toEqual({ deleteIds: [], depersonalizeIds: ['recent'], retained: [] });
    expect(planOrderErasure([makeOrder({ _id: 'done', depersonalizedAt: '2025-01-01T00:00:00.000Z' })], plan({ action: 'depersonalize' })).depersonalizeIds).toEqual([]);
  });

  it('retains an order a running hold covers (exact category or prefix), until date + years', () => {
    for (const categories of [['order.total'], ['order'], ['payment.transaction', 'order']]) {
      const result = planOrderErasure([recent, old], plan({ holds: [{ name: 'accounting', categories, years: 10 }] }));
      expect(result).toEqual({ deleteIds: ['old'], depersonalizeIds: [], retained: [{ id: 'recent', until: '2034-01-15T00:00:00.000Z', hold: 'accounting' }] });
    }
  });

  it('ignores holds on other categories, or on a category prefix that is not a whole segment', () => {
    for (const categories of [['payment'], ['ord'], ['order.totals']]) {
      expect(planOrderErasure([recent], plan({ holds: [{ name: 'h', categories, years: 10 }] })).retained).toEqual([]);
    }
  });

  it('keeps the longest of several holds', () => {
    const holds = [{ name: 'short', categories: ['order'], years: 2 }, { name: 'long', categories: ['order.total'], years: 7 }];
    expect(planOrderErasure([recent], plan({ holds })).retained).toEqual([{ id: 'recent', until: '2031-01-15T00:00:00.000Z', hold: 'long' }]);
  });

  it('refuses an unknown action', () => {
    expect(() => planOrderErasure([], plan({ action: 'shred' as never }))).toThrow(/expected plan.action/);
  });
});

describe('orders rectification input', () => {
  it('canonicalises emails and phones, trims text, clears on null, skips undefined', () => {
    expect(rectifyChanges({ name: '  Alice B. ', email: 'Alice@Example.COM', phone: '+7 (999) 000-00-09', address: null }))
      .toEqual({ set: { name: 'Alice B.', email: 'alice@example.com', phone: '+79990000009', address: null }, fields: ['name', 'email', 'phone', 'address'] });
    expect(rectifyChanges({ name: undefined, address: '9 New Rd' })).toEqual({ set: { address: '9 New Rd' }, fields: ['address'] });
  });

  it.each([
    [{ email: 'not-an-email' }, /changes.email: expected an email address/],
    [{ phone: '12' }, /changes.phone: expected a phone number/],
    [{ name: '' }, /expected changes.name to be a non-empty string/],
    [{ address: 'x'.repeat(501) }, /expected changes.address .* at most 500/],
    [{ password: 'x' }, /expected changes among name, email, phone, address, got "password"/],
    ['name', /expected changes to be an object/],
  ])('rejects %j as BAD_USER_INPUT', (changes, message) => {
    const error = (() => {
      try {
        rectifyChanges(changes);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('BAD_USER_INPUT');
    expect((error as GatewayError).message).toMatch(message);
  });
});
