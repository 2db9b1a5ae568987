import fc from 'fast-check';
import type { DateBucket } from '../policy/Policy';
import { DATE_BUCKETS } from '../policy/Policy';
import type { SourceRecord } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import type { AggregateQuery } from './AggregateQuery';
import { aggregateRecords } from './aggregateRecords';
import { bucketDate } from './bucketDate';
import type { StatisticDimension, StatisticSet } from './StatisticSet';
import { suppressSmallGroups } from './suppressSmallGroups';

const dim = (name: string, path: string, date = false): StatisticDimension => ({ name, path, category: null, inElement: path.startsWith('items.') ? path.slice(6) : null, date, finest: 'DAY', defaultBucket: 'MONTH' });
const SET: StatisticSet = {
  name: 'lines',
  description: 'test',
  source: 's',
  collection: 'c',
  categories: [],
  unwind: 'items',
  dimensions: new Map([dim('at', 'at', true), dim('device', 'device'), dim('sku', 'items.sku')].map((d) => [d.name, d])),
  measures: new Map([['quantity', { name: 'quantity', path: 'items.quantity', category: null, inElement: 'quantity' }]]),
};

/** A record of person `person`: always their customer id (so their records join), sometimes more; or, depersonalized, no identity at all. */
interface Fact { person: number; anonymous: boolean; extra: boolean; day: number; device: number; skus: number[]; restricted: boolean }
const factArb: fc.Arbitrary<Fact> = fc.record({
  person: fc.integer({ min: 0, max: 40 }),
  anonymous: fc.boolean().map((b) => b && Math.random() < 0.2),
  extra: fc.boolean(),
  day: fc.integer({ min: 0, max: 120 }),
  device: fc.integer({ min: 0, max: 2 }),
  skus: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 3 }),
  restricted: fc.boolean().map((b) => b && Math.random() < 0.1),
});

function toRecord(f: Fact, i: number): SourceRecord {
  const identities: Identity[] = f.anonymous ? [] : [{ type: 'CUSTOMER_ID', value: `cus_${f.person}` }, ...(f.extra ? [{ type: 'EMAIL' as const, value: `p${f.person}@x.example` }] : [])];
  const at = new Date(Date.UTC(2020, 0, 1) + f.day * 86_400_000 + (i % 24) * 3_600_000).toISOString();
  return { id: `r${i}`, source: 's', collection: 'c', createdAt: at, identities, restricted: f.restricted, fields: { at, device: ['a', 'b', 'c'][f.device], items: f.skus.map((s) => ({ sku: `sku${s}`, quantity: 1 + s })) } };
}

async function* stream(records: SourceRecord[]): AsyncGenerator<SourceRecord> {
  yield* records;
}

const queryArb = fc.record({
  dims: fc.subarray(['at', 'device', 'sku']),
  bucket: fc.constantFrom<DateBucket>(...DATE_BUCKETS),
  filter: fc.option(fc.constantFrom(['device', 'a'], ['sku', 'sku1'], ['device', 'c']), { nil: null }),
  k: fc.integer({ min: 2, max: 8 }),
});

describe('aggregateRecords', () => {
  it('never releases a group of fewer than k people, and hides either nothing, at least k people, or says nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(factArb, { maxLength: 150 }), queryArb, async (facts, q) => {
        const use = (name: string) => ({ dimension: SET.dimensions.get(name) as StatisticDimension, bucket: name === 'at' ? q.bucket : null });
        const query: AggregateQuery = { set: SET, groupBy: q.dims.map(use), measures: [SET.measures.get('quantity')!], where: q.filter ? [{ ...use(q.filter[0] as string), value: q.filter[1] as string }] : [] };
        const records = facts.map(toRecord);
        const answer = await aggregateRecords(stream(records), { query, k: q.k, include: (r) => !r.restricted });
        // The truth, from who each fact really belongs to (anonymous ones too).
        const keyOf = (f: Fact, sku: number, name: string) => (name === 'at' ? bucketDate(new Date(Date.UTC(2020, 0, 1) + f.day * 86_400_000), q.bucket) : name === 'device' ? ['a', 'b', 'c'][f.device] : `sku${sku}`);
        const lines = facts.flatMap((f, i) => (f.restricted ? [] : f.skus.map((sku) => ({ f, sku, at: records[i]!.fields.at as string }))));
        const truthAt = (l: (typeof lines)[number], name: string) => (name === 'at' ? bucketDate(l.at, q.bucket) : keyOf(l.f, l.sku, name));
        const kept = lines.filter((l) => !q.filter || truthAt(l, q.filter[0] as string) === q.filter[1]);
        for (const g of answer.groups) {
          const members = kept.filter((l) => q.dims.every((d, i) => truthAt(l, d) === g.keys[i]));
          expect(g.count).toBe(members.length);
          expect(new Set(members.map((l) => l.f.person)).size).toBeGreaterThanOrEqual(q.k);
          expect(g.subjects).toBeGreaterThanOrEqual(q.k);
          expect(g.sums[0]).toBe(members.reduce((n, l) => n + 1 + l.sku, 0));
        }
        const shown = answer.groups.reduce((n, g) => n + g.count, 0);
        if (answer.suppressed.count === null) {
          expect(answer.groups).toEqual([]);
        } else {
          expect(shown + answer.suppressed.count).toBe(kept.length);
          if (answer.suppressed.groups! > 0) expect(answer.suppressed.subjects).toBeGreaterThanOrEqual(q.k);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('counts records that share an identity as one subject, even when joined only by a later record', async () => {
    const r = (id: string, identities: Identity[]): SourceRecord => ({ id, source: 's', collection: 'c', createdAt: null, identities, restricted: false, fields: { at: '2020-01-01', device: 'a', items: [{ sku: 'x', quantity: 1 }] } });
    const records = [r('1', [{ type: 'EMAIL', value: 'a@x.example' }]), r('2', [{ type: 'PHONE', value: '+70000000001' }]), r('3', [{ type: 'EMAIL', value: 'a@x.example' }, { type: 'PHONE', value: '+70000000001' }]), r('4', []), r('5', [])];
    const query: AggregateQuery = { set: SET, groupBy: [], measures: [], where: [] };
    const answer = await aggregateRecords(stream(records), { query, k: 2, include: () => true });
    // One person by identities; the two depersonalized records may be theirs: still one.
    expect(answer.groups).toEqual([]);
    expect(answer.suppressed).toEqual({ groups: null, count: null, subjects: null });
  });

  it('withholds the smallest released group too while the hidden ones hold fewer than k people', () => {
    const g = (key: string, people: number[]) => ({ key, subjects: new Set(people), anonymous: false, count: people.length });
    const { released, suppressed } = suppressSmallGroups([g('a', [1, 2, 3, 4, 5, 6]), g('b', [7, 8, 9, 10, 11]), g('c', [12])], 5);
    expect(released.map((x) => x.key)).toEqual(['a']);
    expect(suppressed.map((x) => x.key)).toEqual(['c', 'b']);
  });

  it('refuses a query past the group limit (QUERY_TOO_COMPLEX)', async () => {
    const records = Array.from({ length: 20 }, (_, i) => toRecord({ person: i, anonymous: false, extra: false, day: i, device: 0, skus: [1], restricted: false }, i));
    const query: AggregateQuery = { set: SET, groupBy: [{ dimension: SET.dimensions.get('at')!, bucket: 'DAY' }], measures: [], where: [] };
    await expect(aggregateRecords(stream(records), { query, k: 2, include: () => true, maxGroups: 10 })).rejects.toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' } });
  });
});

describe('bucketDate', () => {
  it.each([
    ['2020-01-31T23:59:00Z', 'DAY', '2020-01-31'],
    ['2021-01-03T10:00:00Z', 'WEEK', '2020-W53'],
    ['2021-01-04T10:00:00Z', 'WEEK', '2021-W01'],
    ['2019-12-30T00:00:00Z', 'WEEK', '2020-W01'],
    ['2020-05-02T00:00:00Z', 'MONTH', '2020-05'],
    ['2020-11-02T00:00:00Z', 'QUARTER', '2020-Q4'],
    ['2020-11-02T00:00:00Z', 'YEAR', '2020'],
    ['not a date', 'DAY', null],
  ] as const)('%s in %s is %s', (value, bucket, expected) => {
    expect(bucketDate(value, bucket)).toBe(expected);
  });
});
