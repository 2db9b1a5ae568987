import { addYears, checkErasePlan, longestHold, overlaps } from './legalHold';

const accounting = { name: 'accounting', categories: ['payment.transaction'], years: 5 };
const tax = { name: 'tax', categories: ['payment'], years: 6 };
const now = new Date('2026-11-22T00:00:00Z');

describe('legal holds (one rule for every connector)', () => {
  it('covers categories hierarchically, either way round', () => {
    expect(overlaps('payment', 'payment.transaction')).toBe(true);
    expect(overlaps('payment.transaction', 'payment')).toBe(true);
    expect(overlaps('payment.*', 'payment.card')).toBe(true);
    expect(overlaps('*', 'support.message')).toBe(true);
    expect(overlaps('payment.transaction', 'payment.card')).toBe(false);
    expect(overlaps('order', 'orders.total')).toBe(false);
  });

  it('keeps a record while a covering hold runs, naming the longest', () => {
    expect(longestHold({ holds: [accounting], categories: ['payment.transaction'], createdAt: '2026-06-15T14:30:00.000Z', now })).toEqual({ until: '2031-06-15T14:30:00.000Z', hold: 'accounting' });
    expect(longestHold({ holds: [accounting, tax], categories: ['payment.transaction'], createdAt: '2026-06-15T14:30:00.000Z', now })).toEqual({ until: '2032-06-15T14:30:00.000Z', hold: 'tax' });
    expect(longestHold({ holds: [accounting], categories: ['payment.transaction'], createdAt: '2015-03-14T12:00:00.000Z', now })).toBeNull();
    expect(longestHold({ holds: [accounting], categories: ['support.message'], createdAt: '2026-06-15T14:30:00.000Z', now })).toBeNull();
  });

  it('runs an undated record\'s hold from the erasure: it cannot be shown to be past it', () => {
    expect(longestHold({ holds: [accounting], categories: ['payment'], createdAt: null, now })).toEqual({ until: '2031-11-22T00:00:00.000Z', hold: 'accounting' });
    expect(longestHold({ holds: [accounting], categories: ['payment'], createdAt: 'not a date', now })?.until).toBe('2031-11-22T00:00:00.000Z');
  });

  it('adds whole years by the calendar and fractions by months', () => {
    expect(addYears(new Date('2024-02-29T00:00:00Z'), 1).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(addYears(new Date('2026-01-31T00:00:00Z'), 0.5).toISOString()).toBe('2026-07-31T00:00:00.000Z');
  });

  it('refuses a malformed plan with a TypeError that says what was expected', () => {
    expect(() => checkErasePlan({ identities: [], action: 'shred' as never, holds: [], now })).toThrow('expected plan.action "delete" or "depersonalize", got "shred"');
    expect(() => checkErasePlan({ identities: [], action: 'delete', holds: [{ ...accounting, years: -1 }], now })).toThrow(/positive number of years, got -1/);
    expect(() => checkErasePlan({ identities: [], action: 'delete', holds: [], now: new Date('x') })).toThrow(/valid Date/);
  });
});
