import fc from 'fast-check';
import { demoDataset } from '../../src/demo/demoDataset';
import type { DateBucket } from '../../src/policy/Policy';
import { bucketDate } from '../../src/statistics/bucketDate';
import type { GraphQLResult, TestGateway } from '../kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from '../kit/startTestGateway';
import { aggregatePolicyFile } from './aggregatePolicy';

const SUBJECTS = 1000;
const K = 5;
const ANALYST = { roles: ['analyst'], purpose: 'analytics' } as const;
const AGGREGATE = `query Aggregate($input: AggregateInput!) { aggregate(input: $input) {
  set k groupBy measures groups { keys { dimension value } subjects count sums { measure value } } suppressed { groups count subjects } } }`;

/** The demo's orders as seeded (§6 plus the generated subjects): the truth the answers are checked against. */
const ORDERS = demoDataset({ subjects: SUBJECTS }).orders;
const LINES = ORDERS.flatMap((o) => o.items.map((item) => ({ order: o, item })));
type Line = (typeof LINES)[number];
const DIMENSIONS: Record<string, (l: Line, bucket: DateBucket) => string | null> = {
  createdAt: (l, bucket) => bucketDate(l.order.createdAt, bucket),
  device: (l) => l.order.device,
  sku: (l) => l.item.sku,
  product: (l) => l.item.name,
};

describe('aggregate: depersonalized statistics with k-suppression (issue #12 item 4)', () => {
  let gw: TestGateway;
  const aggregate = (input: Record<string, unknown>, as: { roles: readonly string[]; purpose: string } = ANALYST) => gw.query(AGGREGATE, { ...as, variables: { input } });
  const ok = (r: GraphQLResult) => {
    expect(r.body.errors).toBeUndefined();
    return r.body.data?.aggregate as { groups: Array<{ keys: Array<{ value: string | null }>; subjects: number; count: number; sums: Array<{ value: number }> }>; suppressed: { groups: number | null; count: number | null; subjects: number | null } };
  };

  beforeAll(async () => {
    // Seeded once for the file: every test below reads the same 1 000 generated subjects.
    gw = await startTestGateway({ env: { SEED_SUBJECTS: String(SUBJECTS), POLICY_FILE: aggregatePolicyFile(), SOURCE_TIMEOUT_MS: '5000' }, overrides: { startWorker: false } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('counts orders per month: only groups of at least k people; the hidden rest is counted whole, and holds at least k', async () => {
    const a = ok(await aggregate({ set: 'orders', groupBy: [{ dimension: 'createdAt' }], measures: ['total'] }));
    // January 2020 holds 744 generated orders; February's 256 are hidden with the seven single
    // orders of Alice, Bob, Carol and Dave (four people: releasing February would give them away).
    expect(a.groups).toEqual([{ keys: [{ dimension: 'createdAt', value: '2020-01' }], subjects: 744, count: 744, sums: [{ measure: 'total', value: expect.any(Number) }] }]);
    const january = ORDERS.filter((o) => o.createdAt.startsWith('2020-01'));
    expect(a.groups[0]?.sums[0]?.value).toBeCloseTo(january.reduce((n, o) => n + o.total, 0), 6);
    expect(a.suppressed).toEqual({ groups: 8, count: ORDERS.length - 744, subjects: 260 });
  });

  it('counts order lines per licence, each group far above k, and the counts add up to every line', async () => {
    const a = ok(await aggregate({ set: 'orderLines', groupBy: [{ dimension: 'sku' }], measures: ['quantity'] }));
    expect(a.groups.map((g) => g.keys[0]?.value)).toEqual(['LIC-AV-2PC', 'LIC-IDE-PRO', 'LIC-OFFICE-1Y', 'LIC-VPN-1Y']);
    expect(a.groups.every((g) => g.subjects >= K)).toBe(true);
    expect(a.groups.reduce((n, g) => n + g.count, 0) + (a.suppressed.count ?? 0)).toBe(LINES.length);
    const quantity = (sku: string) => LINES.filter((l) => l.item.sku === sku).reduce((n, l) => n + l.item.quantity, 0);
    for (const g of a.groups) expect(g.sums[0]?.value).toBe(quantity(g.keys[0]?.value as string));
  });

  it('tries random groupings, buckets and filters over HTTP: never a group below k, always the true counts', async () => {
    const dims = ['createdAt', 'device', 'sku', 'product'];
    const values = { device: ['Chrome 130 / Windows', 'Safari 17 / macOS'], sku: ['LIC-VPN-1Y', 'LIC-OFFICE-1Y'], createdAt: ['2020-02', '2015-03'] } as Record<string, string[]>;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('orders', 'orderLines'),
        fc.subarray(dims, { maxLength: 3 }),
        fc.constantFrom<DateBucket>('DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'),
        fc.option(fc.constantFrom('device', 'sku', 'createdAt').chain((d) => fc.constantFrom(...(values[d] as string[])).map((v) => [d, v] as const)), { nil: null }),
        async (set, picked, bucket, filter) => {
          const usable = set === 'orders' ? ['createdAt', 'device'] : dims;
          const groupBy = picked.filter((d) => usable.includes(d));
          const where = filter && usable.includes(filter[0]) ? [{ dimension: filter[0], value: filter[1], ...(filter[0] === 'createdAt' ? { bucket: 'MONTH' } : {}) }] : [];
          const a = ok(await aggregate({ set, groupBy: groupBy.map((dimension) => (dimension === 'createdAt' ? { dimension, bucket } : { dimension })), where }));
          const facts = (set === 'orders' ? ORDERS.map((order) => ({ order, item: order.items[0] as Line['item'] })) : LINES)
            .filter((l) => where.every((w) => (DIMENSIONS[w.dimension] as (l: Line, b: DateBucket) => string | null)(l, 'MONTH') === w.value));
          for (const g of a.groups) {
            const members = facts.filter((l) => groupBy.every((d, i) => (DIMENSIONS[d] as (l: Line, b: DateBucket) => string | null)(l, bucket) === g.keys[i]?.value));
            const people = new Set(members.map((l) => l.order.customerId));
            expect(people.size).toBeGreaterThanOrEqual(K);
            expect(g).toMatchObject({ subjects: people.size, count: members.length });
          }
          if (a.suppressed.count === null) expect(a.groups).toEqual([]);
          else {
            expect(a.groups.reduce((n, g) => n + g.count, 0) + a.suppressed.count).toBe(facts.length);
            if ((a.suppressed.groups ?? 0) > 0) expect(a.suppressed.subjects).toBeGreaterThanOrEqual(K);
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('counts the helpdesk\'s tickets (an SQL source, read in key pages) for a purpose that reads it', async () => {
    const a = ok(await aggregate({ set: 'tickets', groupBy: [{ dimension: 'createdAt' }] }, { roles: ['analyst_lite'], purpose: 'analytics_lite' }));
    // 74 generated tickets in January 2025, 26 in February; Alice's two, Carol's and Dave's (three people) hide February too.
    expect(a.groups).toEqual([{ keys: [{ dimension: 'createdAt', value: '2025-01' }], subjects: 74, count: 74, sums: [] }]);
    expect(a.suppressed).toEqual({ groups: 5, count: 30, subjects: 29 });
  });

  it('says nothing of a hidden part below k: a filter down to one person shows no group and no count', async () => {
    const a = ok(await aggregate({ set: 'orders', where: [{ dimension: 'device', value: 'Safari 17 / macOS' }] }));
    expect(a).toMatchObject({ groups: [], suppressed: { groups: null, count: null, subjects: null } });
  });

  it('is FORBIDDEN for every purpose that is not depersonalized, with no data', async () => {
    const declaring = [...gw.gateway.services.policy.roles].flatMap(([role, purposes]) => purposes.map((purpose) => ({ roles: [role], purpose })));
    const others = [...new Map(declaring.filter((d) => !gw.gateway.services.policy.purposes.get(d.purpose)?.depersonalized).map((d) => [d.purpose, d])).values()];
    expect(others.map((o) => o.purpose)).toEqual(expect.arrayContaining(['order_fulfillment', 'marketing', 'legal_compliance', 'dsr_handling']));
    for (const as of others) {
      const r = await aggregate({ set: 'orders', groupBy: [{ dimension: 'device' }] }, as);
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.body.data).toEqual({ aggregate: null });
    }
  });

  it.each([
    ['an undeclared set', { set: 'payments' }, /input\.set: expected a declared statistic set \(orders, orderLines, tickets, ordersMonthly\)/],
    ['an undeclared dimension (an identifier)', { set: 'orders', groupBy: [{ dimension: 'email' }] }, /input\.groupBy\[0\]\.dimension: expected a dimension of set "orders" \(createdAt, device\)/],
    ['an undeclared measure', { set: 'orders', measures: ['ip'] }, /input\.measures\[0\]: expected a measure of set "orders" \(total\)/],
    ['a bucket on a field that is not a date', { set: 'orders', groupBy: [{ dimension: 'device', bucket: 'DAY' }] }, /"device" is not a date/],
    ['a bucket finer than the set allows', { set: 'ordersMonthly', groupBy: [{ dimension: 'createdAt', bucket: 'DAY' }] }, /expected MONTH or coarser \(MONTH, QUARTER, YEAR\)/],
    ['a dimension twice', { set: 'orders', groupBy: [{ dimension: 'device' }, { dimension: 'device' }] }, /each dimension once/],
    ['a filter on an undeclared field', { set: 'orders', where: [{ dimension: 'ip', value: '198.51.100.1' }] }, /input\.where\[0\]\.dimension: expected a dimension/],
  ])('refuses %s: BAD_USER_INPUT, nothing counted', async (_name, input, message) => {
    const r = await aggregate(input);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.body.errors?.[0]?.message).toMatch(message);
    // The argument and the rule, never the value given (the project's boundary rule).
    expect(r.body.errors?.[0]?.message).not.toContain('198.51.100.1');
    if (JSON.stringify(input).includes('"email"')) expect(r.body.errors?.[0]?.message).not.toContain('"email"');
    expect(r.body.data).toEqual({ aggregate: null });
  });

  it('refuses a field, or a whole set, whose categories the purpose does not read (FORBIDDEN, deny by default)', async () => {
    const lite = { roles: ['analyst_lite'], purpose: 'analytics_lite' };
    const device = await aggregate({ set: 'orders', groupBy: [{ dimension: 'device' }] }, lite);
    expect(codes(device)).toEqual(['FORBIDDEN']);
    expect(device.body.errors?.[0]?.message).toMatch(/"device" of set "orders" \(category technical\.device\)/);
    expect(ok(await aggregate({ set: 'orders', measures: ['total'] }, lite)).groups).toHaveLength(1);
    // The helpdesk holds nothing analytics reads: not even its counts per month reach it.
    const tickets = await aggregate({ set: 'tickets', groupBy: [{ dimension: 'createdAt' }] });
    expect(codes(tickets)).toEqual(['FORBIDDEN']);
    expect(tickets.body.data).toEqual({ aggregate: null });
  });

  it('does not count a subject who objected to the purpose (GDPR art. 21(6)), from the next query on', async () => {
    const input = { set: 'orders', groupBy: [{ dimension: 'createdAt' }] };
    const object = (m: string) => gw.query(`mutation($input: ObjectionInput!) { ${m}(input: $input) { status } }`, { ...OFFICER, variables: { input: { ref: { email: 'user5@demo.example' }, purpose: 'analytics', reason: 'no statistics about me' } } });
    expect((await object('objectToPurpose')).body.data).toEqual({ objectToPurpose: { status: 'COMPLETED' } });
    expect(ok(await aggregate(input)).groups[0]).toMatchObject({ subjects: 743, count: 743 });
    expect((await object('withdrawObjection')).body.data).toEqual({ withdrawObjection: { status: 'COMPLETED' } });
    expect(ok(await aggregate(input)).groups[0]).toMatchObject({ subjects: 744, count: 744 });
  });

  it('is audited as one event: the categories used, no subject and no value', async () => {
    ok(await aggregate({ set: 'orders', groupBy: [{ dimension: 'device' }], measures: ['total'] }));
    const r = await gw.query('{ auditEvents(first: 1) { edges { node { operation purpose categories subjectIds denied } } } }', OFFICER);
    const event = r.body.data?.auditEvents.edges[0]?.node;
    expect(event).toEqual({ operation: 'Aggregate', purpose: 'analytics', categories: ['order.total', 'technical.device'], subjectIds: [], denied: [] });
  });

  it('lists the declared sets for any purpose, without data', async () => {
    const r = await gw.query('{ statisticSets { k sets { name unwind dimensions { name field category date finest } measures { name category } } } }', ANALYST);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data?.statisticSets.k).toBe(K);
    expect(r.body.data?.statisticSets.sets[1]).toEqual({
      name: 'orderLines',
      unwind: 'items',
      dimensions: [
        { name: 'createdAt', field: 'createdAt', category: null, date: true, finest: 'DAY' },
        { name: 'device', field: 'device', category: 'technical.device', date: false, finest: null },
        { name: 'sku', field: 'items.sku', category: 'order.item', date: false, finest: null },
        { name: 'product', field: 'items.name', category: 'order.item', date: false, finest: null },
      ],
      measures: [{ name: 'quantity', category: 'order.item' }],
    });
  });

  it('still finds a subject, record by record, only by the pseudonym analytics was given (CONTRACT.md §5)', async () => {
    const raw = await gw.query('{ subject(ref:{ email: "user7@demo.example" }) { id orders { total } } }', ANALYST);
    expect(codes(raw)).toEqual(['FORBIDDEN']);
    expect(raw.body.data).toEqual({ subject: null });
    const pseudonym = gw.gateway.services.pseudonymizer.forPurpose('analytics').identity({ type: 'EMAIL', value: 'user7@demo.example' });
    const found = await gw.query('query($ref: SubjectRef!) { subject(ref: $ref) { identities { value } orders { total } } }', { ...ANALYST, variables: { ref: { pseudonym } } });
    expect(found.body.errors).toBeUndefined();
    expect(found.body.data?.subject.orders).toHaveLength(1);
    expect(JSON.stringify(found.body.data)).not.toMatch(/demo\.example|cus_user7|\+7999/);
  });
});
