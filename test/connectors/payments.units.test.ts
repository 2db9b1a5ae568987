import { planPaymentErasure } from '../../connectors/payments/planPaymentErasure';
import { parseRetryAfter } from '../../connectors/payments/ProcessorClient';
import { processorRequests } from '../../connectors/payments/processorRequests';
import { toPaymentRecord } from '../../connectors/payments/toPaymentRecord';
import type { ErasePlan, SourceRecord } from '../../src/sources/Connector';

/** The pure parts of the payments connector, without a processor: request building and erasure planning. */
describe('processorRequests', () => {
  it('builds one search for up to 1000 ids, at the largest page, and refuses more', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `cus_${i}`);
    const request = processorRequests.searchPayments({ customerIds: ids, cursor: 'abc', includeRestricted: true, expandCustomer: true });
    expect(request).toMatchObject({ method: 'POST', path: '/v1/payments/search', body: { customer_ids: ids, limit: 1000, starting_after: 'abc', include_restricted: true, expand: ['customer'] } });
    expect(() => processorRequests.searchPayments({ customerIds: [...ids, 'cus_x'], includeRestricted: false, expandCustomer: false })).toThrow('expected 1 to 1000 customer ids per search, got 1001');
    expect(() => processorRequests.searchPayments({ customerIds: [], includeRestricted: false, expandCustomer: false })).toThrow(/got 0/);
  });

  it('puts a short keep list in the query and a long one in the body, ids encoded', () => {
    expect(processorRequests.deleteCustomer('cus_a', [])).toEqual({ method: 'DELETE', route: 'DELETE /v1/customers/:id', path: '/v1/customers/cus_a', body: undefined });
    expect(processorRequests.deleteCustomer('cus a/b', ['pay_1', 'pay_2']).path).toBe('/v1/customers/cus%20a%2Fb?keep=pay_1,pay_2');
    const many = Array.from({ length: 101 }, (_, i) => `pay_${i}`);
    expect(processorRequests.deleteCustomer('cus_a', many)).toMatchObject({ path: '/v1/customers/cus_a', body: { keep: many } });
  });

  it('names routes by template, never by id', () => {
    expect(processorRequests.addPaymentNote('pay_secret', 'n').route).toBe('POST /v1/payments/:id/notes');
    expect(() => processorRequests.deletePayment('')).toThrow('expected a non-empty id, got an empty string');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores what is neither', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(new Date(61_000).toUTCString(), 1_000)).toBe(60_000);
    expect(parseRetryAfter(new Date(0).toUTCString(), 5_000)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('planPaymentErasure', () => {
  const record = (id: string, createdAt: string): SourceRecord => ({ id, source: 'payments', collection: 'payments', createdAt, identities: [], restricted: false, fields: {} });
  const categories = ['payment.transaction', 'payment.card'];
  const now = new Date('2026-06-01T00:00:00.000Z');
  const plan = (holds: ErasePlan['holds']): ErasePlan => ({ identities: [], action: 'delete', holds, now });
  const records = [record('pay_recent', '2025-06-01T00:00:00.000Z'), record('pay_edge', '2021-06-01T00:00:00.000Z'), record('pay_old', '2018-06-01T00:00:00.000Z')];

  it.each([[['payment']], [['payment.*']], [['payment.transaction']], [['payment.transaction.amount']], [['*']]])('a hold on %j covers payments', (holdCategories) => {
    const { retained, released } = planPaymentErasure({ records, plan: plan([{ name: 'accounting', categories: holdCategories, years: 5 }]), categories });
    expect(retained).toEqual([{ record: records[0], hold: 'accounting', until: '2030-06-01T00:00:00.000Z' }]);
    // A hold that ends exactly now no longer keeps the record.
    expect(released.map((r) => r.id)).toEqual(['pay_edge', 'pay_old']);
  });

  it('ignores holds over other categories and names the longest covering hold', () => {
    const holds = [
      { name: 'orders', categories: ['order', 'paymentish'], years: 50 },
      { name: 'tax', categories: ['payment'], years: 6 },
      { name: 'accounting', categories: ['payment.transaction'], years: 10 },
    ];
    const { retained, released } = planPaymentErasure({ records, plan: plan(holds), categories });
    expect(retained.map((r) => [r.record.id, r.hold, r.until])).toEqual([
      ['pay_recent', 'accounting', '2035-06-01T00:00:00.000Z'],
      ['pay_edge', 'accounting', '2031-06-01T00:00:00.000Z'],
      ['pay_old', 'accounting', '2028-06-01T00:00:00.000Z'],
    ]);
    expect(released).toEqual([]);
  });

  it('refuses a hold without a positive length', () => {
    expect(() => planPaymentErasure({ records, plan: plan([{ name: 'bad', categories: ['payment'], years: 0 }]), categories })).toThrow('expected hold "bad" to last a positive number of years, got 0');
  });
});

describe('toPaymentRecord', () => {
  it('names the field and the type that came, never the value', () => {
    const payment = { id: 'pay_1', customerId: 'cus_1', createdAt: '2026-01-01T00:00:00Z', amount: '12.50', currency: 'EUR', status: 'succeeded', cardLast4: '4242', restricted: false, notes: [] };
    expect(() => toPaymentRecord(payment, 'payments')).toThrow('expected payment.amount to be a number, got string');
    expect(() => toPaymentRecord({ ...payment, amount: 1, status: 'pending' }, 'payments')).toThrow('expected payment.status to be one of succeeded, refunded, failed, got string');
    expect(() => toPaymentRecord(null, 'payments')).toThrow('expected a payment object, got null');
  });

  it('maps an unlinked (depersonalized) payment to a record revealing no identity', () => {
    const payment = { id: 'pay_1', customerId: null, createdAt: '2026-01-01T00:00:00Z', amount: 1, currency: 'EUR', status: 'failed', cardLast4: '4242', restricted: false, notes: [] };
    expect(toPaymentRecord(payment, 'payments')).toMatchObject({ identities: [], createdAt: '2026-01-01T00:00:00.000Z', fields: { status: 'failed' } });
  });
});
