import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { parseIsoDuration, shiftByDuration } from '../../src/policy/isoDuration';
import { DEFAULT_POLICY_FILE, compilePolicy, loadPolicy } from '../../src/policy/loadPolicy';
import { collectionRule, retentionPlanFor } from '../../src/retention/retentionPlanFor';
import { readConfig } from '../../src/config';

const compile = (mutate: (p: any) => void) => {
  const p = YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
  mutate(p);
  return () => compilePolicy(p, 'test');
};

describe('retention periods in the policy (CONTRACT.md §4.1)', () => {
  it('ships every category with the period its text states, and nothing past 75 years', () => {
    const policy = loadPolicy();
    expect(policy.retentionFor('support.message')).toMatchObject({ keepFor: expect.objectContaining({ text: 'P3Y' }), then: 'delete' });
    expect(policy.retentionFor('payment.card')).toMatchObject({ keepFor: expect.objectContaining({ text: 'P5Y' }), then: 'delete' });
    expect(policy.retentionFor('order.total')).toMatchObject({ keepFor: expect.objectContaining({ text: 'P75Y' }), then: 'depersonalize' });
    expect(policy.retentionFor('contact.email').keepFor.text).toBe('P75Y');
    expect(policy.retentionFor('contact.newsletter').keepFor.text).toBe('P75Y');
  });

  it.each([
    ['a period that is not ISO 8601', (p: any) => (p.retention.support.keepFor = '3 years'), /retention\.support\.keepFor: expected an ISO 8601 duration/],
    ['a period with no part', (p: any) => (p.retention.support.keepFor = 'PT'), /retention\.support\.keepFor: expected an ISO 8601 duration/],
    ['a period longer than the default', (p: any) => (p.retention.support.keepFor = 'P80Y'), /retention\.support\.keepFor: expected a period no longer than retention\.default\.keepFor \(P75Y\), got "P80Y"/],
    ['an unknown action', (p: any) => (p.retention.support.then = 'archive'), /retention\.support\.then: expected one of delete, depersonalize/],
  ])('refuses %s', (_what, mutate, message) => {
    expect(compile(mutate)).toThrow(message);
  });

  it('keeps a collection as long as the longest rule written for its categories; identifiers follow the record', () => {
    const policy = loadPolicy();
    expect(collectionRule(policy, { id: null, email: 'contact.email', total: 'order.total', ip: 'technical.ip' }, true)).toMatchObject({ keepFor: { text: 'P75Y' }, then: 'depersonalize' });
    expect(collectionRule(policy, { id: null, body: 'support.message', amount: 'payment.transaction' }, true)).toMatchObject({ keepFor: { text: 'P5Y' }, then: 'delete' });
    expect(collectionRule(policy, { id: null, total: 'order.total' }, false)).toMatchObject({ then: 'delete' });
    expect(collectionRule(policy, { id: null, createdAt: null }, true)).toBeNull();
    const now = new Date('2026-12-01T00:00:00.000Z');
    const plan = retentionPlanFor({ collections: [{ name: 'messages', subjectField: 'm', recordType: 'M', fields: { body: 'support.message' } }], capabilities: ['delete'] } as never, policy, now);
    expect(plan.collections.get('messages')).toEqual({ before: new Date('2023-12-01T00:00:00.000Z'), then: 'delete' });
  });

  it('adds durations in UTC calendar arithmetic', () => {
    const d = parseIsoDuration('P1Y2M3DT4H5M6S');
    expect(d).toMatchObject({ years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6 });
    expect(shiftByDuration(new Date('2024-01-31T00:00:00.000Z'), parseIsoDuration('P1M')!).toISOString()).toBe('2024-03-02T00:00:00.000Z');
    expect(shiftByDuration(new Date('2026-06-15T14:30:00.000Z'), parseIsoDuration('P5Y')!, -1).toISOString()).toBe('2021-06-15T14:30:00.000Z');
    expect(shiftByDuration(new Date('2026-01-01T00:00:00.000Z'), parseIsoDuration('P2W')!).toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(parseIsoDuration('P')).toBeNull();
    expect(parseIsoDuration('1Y')).toBeNull();
  });

  it('reads RETENTION_INTERVAL, default one hour, and refuses what is not a duration', () => {
    expect(readConfig({}).retentionIntervalMs).toBe(3_600_000);
    expect(readConfig({ RETENTION_INTERVAL: '15m' }).retentionIntervalMs).toBe(900_000);
    expect(() => readConfig({ RETENTION_INTERVAL: 'hourly' })).toThrow(/^RETENTION_INTERVAL: expected a duration from 1s to 30d/);
    expect(() => readConfig({ RETENTION_INTERVAL: '10ms' })).toThrow(/RETENTION_INTERVAL/);
  });
});
