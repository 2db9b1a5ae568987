import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { compilePolicy, DEFAULT_POLICY_FILE } from '../policy/loadPolicy';
import type { Connector, RecordField } from '../sources/Connector';
import { compileStatistics } from './compileStatistics';

const shipped = () => YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as Record<string, unknown> & { statistics: { sets: Record<string, unknown> } };
const f = (name: string, category: string | null | undefined, type = 'String', fields: RecordField[] | null = null, list = false): RecordField => ({ name, category, type, fields, list });
const ORDER_FIELDS: RecordField[] = [
  f('createdAt', null),
  f('total', 'order.total', 'Float'),
  f('items', 'order.item', '[OrderItem!]', [f('sku', null, 'String!'), f('name', null, 'String!'), f('quantity', null, 'Int!')], true),
  f('ip', 'technical.ip'),
  f('device', 'technical.device'),
  f('email', 'contact.email'),
];
const source = (name: string, scannable: boolean, collections = ['orders']) =>
  ({ name, collections: collections.map((c) => ({ name: c })), ...(scannable ? { scannable: { fieldsOf: () => ORDER_FIELDS, scan: () => [] } } : {}) }) as unknown as Connector;
const SOURCES = [source('orders', true), source('payments', false), source('support', true, ['tickets', 'messages'])];

function compile(sets: Record<string, unknown>, k?: number) {
  const raw = shipped();
  raw.statistics = { ...(k === undefined ? {} : { k }), sets };
  return compileStatistics(compilePolicy(raw, 'test'), SOURCES);
}

describe('compileStatistics (start-up)', () => {
  it('compiles the shipped sets against the shipped sources: categories from the declaration, a subfield under its list', () => {
    const stats = compile(shipped().statistics.sets);
    expect(stats.k).toBe(5);
    const lines = stats.sets.get('orderLines');
    expect(lines?.unwind).toBe('items');
    expect(lines?.dimensions.get('sku')).toMatchObject({ path: 'items.sku', category: 'order.item', inElement: 'sku' });
    expect(lines?.dimensions.get('createdAt')).toMatchObject({ category: null, inElement: null, date: true, finest: 'DAY', defaultBucket: 'MONTH' });
  });

  it('leaves out, with a warning, a set over a source this deployment does not declare', () => {
    const raw = shipped();
    raw.statistics = { sets: { s: { source: 'crm', dimensions: { createdAt: { date: true } } }, t: { source: 'orders', dimensions: { createdAt: { date: true } } } } };
    const warnings: string[] = [];
    const stats = compileStatistics(compilePolicy(raw, 'test'), SOURCES, (message) => warnings.push(message));
    expect([...stats.sets.keys()]).toEqual(['t']);
    expect(warnings).toEqual(['statistics.sets.s is not served: its source "crm" is not declared (declared: orders, payments, support)']);
  });

  it.each([
    ['a source whose kind cannot list its records', { s: { source: 'payments', dimensions: { createdAt: {} } } }, /a source whose kind can list its records/],
    ['no collection where the source has several', { s: { source: 'support', dimensions: { createdAt: {} } } }, /statistics\.sets\.s\.collection: expected a collection of source "support" \(tickets, messages\)/],
    ['an undeclared field', { s: { source: 'orders', dimensions: { country: {} } } }, /dimensions\.country\.field: expected a field the collection declares \(createdAt, total, items, ip, device, email\), got "country"/],
    ['a direct identifier', { s: { source: 'orders', dimensions: { email: {} } } }, /expected a field that is not a direct identifier/],
    ['a value under a list the set does not unwind', { s: { source: 'orders', dimensions: { sku: { field: 'items.sku' } } } }, /expected a field outside lists \(or `unwind: items` on the set\)/],
    ['an object as a dimension', { s: { source: 'orders', unwind: 'items', dimensions: { items: {} } } }, /expected a field holding one value \(not an object\)/],
    ['a measure that is not a number', { s: { source: 'orders', dimensions: { createdAt: {} }, measures: { ip: {} } } }, /expected a numeric field \(Int or Float\) to sum, got "ip of type String"/],
    ['unwinding a field that is not a list', { s: { source: 'orders', unwind: 'total', dimensions: { createdAt: {} } } }, /unwind: expected a list field of the collection/],
  ])('refuses %s, naming the key', (_name, sets, message) => {
    expect(() => compile(sets)).toThrow(message);
  });

  it.each([
    ['k of 1 (it would release single people)', { k: 1, sets: {} }, /statistics\.k: expected a number from 2/],
    ['a fractional k', { k: 2.5, sets: {} }, /statistics\.k: expected a whole number/],
    ['a bucket on a dimension that is not a date', { sets: { s: { source: 'orders', dimensions: { ip: { finest: 'month' } } } } }, /only a date dimension/],
    ['a bucket finer than a day', { sets: { s: { source: 'orders', dimensions: { createdAt: { date: true, finest: 'hour' } } } } }, /finest: expected one of DAY, WEEK, MONTH, QUARTER, YEAR/],
    ['a set with no dimension', { sets: { s: { source: 'orders' } } }, /dimensions: expected at least one dimension/],
    ['an unknown key', { sets: { s: { source: 'orders', dimensions: { createdAt: {} }, groupBy: [] } } }, /statistics\.sets\.s\.groupBy: expected one of the keys/],
  ])('the policy refuses %s', (_name, statistics, message) => {
    const raw = shipped();
    raw.statistics = statistics;
    expect(() => compilePolicy(raw, 'test')).toThrow(message);
  });
});
