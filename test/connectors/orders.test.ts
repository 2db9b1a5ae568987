import { ORDERS_COLLECTION, seedOrders } from '../../connectors/orders/OrderDocument';
import type { OrderDocument } from '../../connectors/orders/OrderDocument';
import { createOrdersConnector } from '../../connectors/orders/OrdersConnector';
import { GatewayError, SourceUnavailableError } from '../../src/errors';
import type { Connector, ErasePlan, SourceRecord } from '../../src/sources/Connector';
import type { DocumentStore } from '../../src/store/DocumentStore';
import { createEmbeddedDocumentStore } from '../../src/store/EmbeddedDocumentStore';
import { ORDERS, brokenStore, countingStore, customer, email, makeOrder, phone } from './ordersFixture';

const alice = [email('alice@example.com'), phone('+79990000001'), customer('cus_alice')];
const dave = [email('dave@example.com'), customer('cus_dave')];
const ids = (records: readonly SourceRecord[] | Error | undefined): string[] => {
  if (!Array.isArray(records)) throw new Error('expected records');
  return records.map((r) => r.id).sort();
};

describe('orders connector over the embedded store', () => {
  let store: DocumentStore;
  let calls: Map<string, number>;
  let orders: Connector;
  beforeEach(async () => {
    const counted = countingStore(createEmbeddedDocumentStore({ dir: null }));
    ({ store, calls } = counted);
    await seedOrders(store, ORDERS);
    calls.clear();
    orders = createOrdersConnector({ store, now: () => new Date('2025-06-01T12:00:00.000Z') });
  });
  afterEach(async () => {
    await orders.close();
    await store.close();
  });
  const raw = (id: string) => store.collection<OrderDocument>(ORDERS_COLLECTION).findOne({ _id: id });

  describe('findByIdentities', () => {
    it('makes one store call for a batch of many keys, answering in key order', async () => {
      const keys = [customer('cus_bob'), email('nobody@example.com'), ...alice, email('dave@example.com'), phone('+79990000002')];
      const results = await orders.findByIdentities(keys);
      expect([...calls.entries()]).toEqual([['find', 1]]);
      expect(results.map(ids)).toEqual([
        ['ord_b1'], [], ['ord_a1', 'ord_a2'], ['ord_a1', 'ord_a3'], ['ord_a1', 'ord_a3'], ['ord_d_new', 'ord_d_old'], ['ord_b1'],
      ]);
    });

    it('gives up on an aborted read with SourceUnavailableError', async () => {
      await expect(orders.findByIdentities(alice, { signal: AbortSignal.abort(new Error('timeout')) })).rejects.toBeInstanceOf(SourceUnavailableError);
    });

    it('asks the store nothing for an empty batch', async () => {
      expect(await orders.findByIdentities([])).toEqual([]);
      expect(calls.size).toBe(0);
    });

    it('finds orders stored in non-canonical form (canonicalised at seed) and returns canonical identities', async () => {
      const [records] = await orders.findByIdentities([email('alice@example.com')]);
      const a2 = (records as SourceRecord[]).find((r) => r.id === 'ord_a2');
      expect(a2?.identities).toEqual([email('alice@example.com')]);
      expect((await raw('ord_a3'))?.phone).toBe('+79990000001');
    });

    it('returns records newest first with the declared fields', async () => {
      const [records] = await orders.findByIdentities([customer('cus_alice')]);
      expect((records as SourceRecord[]).map((r) => r.id)).toEqual(['ord_a3', 'ord_a1']);
      expect((records as SourceRecord[])[1]).toEqual({
        id: 'ord_a1', source: 'orders', createdAt: '2024-01-10T09:00:00.000Z', restricted: false, identities: alice,
        profile: { name: 'Alice A.', email: 'alice@example.com', phone: '+79990000001', address: '1 Main St' },
        fields: { id: 'ord_a1', source: 'orders', createdAt: '2024-01-10T09:00:00.000Z', total: 42.5, items: [{ sku: 'SKU-1', name: 'Mug', quantity: 1, price: 10 }], ip: '203.0.113.7', device: 'iPhone' },
      });
    });
  });

  describe('restrict', () => {
    it('hides restricted orders from ordinary reads, idempotently, and lifts the restriction', async () => {
      expect(await orders.restrict({ identities: alice }, true)).toEqual({ records: 3 });
      expect(await orders.restrict({ identities: alice }, true)).toEqual({ records: 3 });
      expect(await orders.findByIdentities([customer('cus_alice'), customer('cus_bob')])).toEqual([[], expect.any(Array)]);
      const [hidden] = await orders.findByIdentities([email('alice@example.com')], { includeRestricted: true });
      expect((hidden as SourceRecord[]).every((r) => r.restricted)).toBe(true);
      expect(await orders.restrict({ identities: alice }, false)).toEqual({ records: 3 });
      expect((await raw('ord_a1'))?.restricted).toBeUndefined();
      expect(ids((await orders.findByIdentities([customer('cus_alice')]))[0])).toEqual(['ord_a1', 'ord_a3']);
    });

    it('touches only the subject', async () => {
      await orders.restrict({ identities: [customer('cus_bob')] }, true);
      expect(ids((await orders.findByIdentities([email('alice@example.com')]))[0])).toEqual(['ord_a1', 'ord_a2']);
    });
  });

  describe('erase', () => {
    const now = new Date('2025-06-01T00:00:00.000Z');
    const plan = (overrides: Partial<ErasePlan>): ErasePlan => ({ identities: alice, action: 'delete', holds: [], now, ...overrides });

    it('deletes every order of the subject, as planned, and finds nothing on a second run', async () => {
      const planned = await orders.planErase(plan({}));
      expect(planned).toEqual({ deleted: 3, depersonalized: 0, retained: 0, retainedRecords: [] });
      expect(await raw('ord_a1')).not.toBeNull();
      expect(await orders.erase(plan({}))).toEqual(planned);
      expect(await store.collection(ORDERS_COLLECTION).count({ _id: { $in: ['ord_a1', 'ord_a2', 'ord_a3'] } })).toBe(0);
      expect(await orders.erase(plan({}))).toEqual({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] });
      expect(await store.collection(ORDERS_COLLECTION).count({})).toBe(3);
    });

    it('depersonalizes: keeps the order for statistics, strips what identifies the subject', async () => {
      const done = await orders.erase(plan({ action: 'depersonalize' }));
      expect(done).toEqual({ deleted: 0, depersonalized: 3, retained: 0, retainedRecords: [] });
      const kept = await raw('ord_a1');
      expect(kept).toEqual({
        _id: 'ord_a1', createdAt: '2024-01-10T09:00:00.000Z', total: 42.5, currency: 'EUR',
        items: [{ sku: 'SKU-1', name: 'Mug', quantity: 1, price: 10 }], device: 'iPhone', depersonalizedAt: now.toISOString(),
      });
      expect(await orders.findByIdentities(alice, { includeRestricted: true })).toEqual([[], [], []]);
      expect(await orders.erase(plan({ action: 'depersonalize' }))).toEqual({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] });
    });

    it('retains, restricted, an order under a running hold, and erases the one whose hold has ended', async () => {
      const holds = [{ name: 'accounting', categories: ['order.total'], years: 10 }];
      const davePlan = plan({ identities: dave, holds });
      const planned = await orders.planErase(davePlan);
      const expected = { deleted: 1, depersonalized: 0, retained: 1, retainedRecords: [{ id: 'ord_d_new', until: '2034-05-01T00:00:00.000Z', hold: 'accounting' }] };
      expect(planned).toEqual(expected);
      expect(await orders.erase(davePlan)).toEqual(expected);
      expect(await raw('ord_d_old')).toBeNull();
      expect(await raw('ord_d_new')).toMatchObject({ restricted: true, retainedUntil: '2034-05-01T00:00:00.000Z', email: 'dave@example.com' });
      expect(await orders.findByIdentities(dave)).toEqual([[], []]);
      // A retry changes nothing more; the held order is still reported, with its date.
      expect(await orders.erase(davePlan)).toEqual({ ...expected, deleted: 0 });
      // Lifting a block does not lift the erasure's restriction.
      expect(await orders.restrict({ identities: dave }, false)).toEqual({ records: 0 });
      expect((await raw('ord_d_new'))?.restricted).toBe(true);
    });

    it('purges only retained orders, by id, idempotently', async () => {
      await orders.erase(plan({ identities: dave, holds: [{ name: 'accounting', categories: ['order'], years: 10 }] }));
      expect(await orders.purgeRecords(['ord_d_new', 'ord_b1', 'ord_missing'])).toEqual({ deleted: 1 });
      expect(await raw('ord_b1')).not.toBeNull();
      expect(await orders.purgeRecords(['ord_d_new'])).toEqual({ deleted: 0 });
      expect(await orders.purgeRecords([])).toEqual({ deleted: 0 });
    });
  });

  describe('rectify', () => {
    it('overwrites profile values on every order of the subject and records which fields changed', async () => {
      const result = await orders.rectify({ identities: alice }, { name: 'Alice Smith', email: 'ALICE.SMITH@example.com' });
      expect(result).toEqual({ records: 3, mode: 'overwrite' });
      const a1 = await raw('ord_a1');
      expect(a1).toMatchObject({ name: 'Alice Smith', email: 'alice.smith@example.com' });
      expect(a1?.corrections).toEqual([{ at: '2025-06-01T12:00:00.000Z', fields: ['name', 'email'] }]);
      expect(JSON.stringify(a1?.corrections)).not.toContain('Alice A.');
      expect(ids((await orders.findByIdentities([email('alice.smith@example.com')]))[0])).toEqual(['ord_a1', 'ord_a2', 'ord_a3']);
    });

    it('rejects invalid values as BAD_USER_INPUT and changes nothing', async () => {
      const error = await orders.rectify({ identities: alice }, { email: 'nope' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe('BAD_USER_INPUT');
      expect((error as Error).message).toMatch(/expected an email address/);
      expect((await raw('ord_a1'))?.corrections).toBeUndefined();
    });

    it('reports mode none when there is nothing to change or no order', async () => {
      expect(await orders.rectify({ identities: alice }, {})).toEqual({ records: 0, mode: 'none' });
      expect(await orders.rectify({ identities: [email('nobody@example.com')] }, { name: 'X' })).toEqual({ records: 0, mode: 'none' });
    });
  });

  describe('export', () => {
    it('streams 1 200 orders page by page, never collecting them first', async () => {
      const many = Array.from({ length: 1200 }, (_, i) => makeOrder({ _id: `ord_m${String(i).padStart(4, '0')}`, customerId: 'cus_many' }));
      await seedOrders(store, many);
      let pulled = 0;
      const collection = store.collection<OrderDocument>(ORDERS_COLLECTION);
      const spying = { ...store, collection: () => ({ ...collection, iterate: (...args: Parameters<typeof collection.iterate>) => counting(collection.iterate(...args)) }) };
      async function* counting<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
        for await (const item of source) {
          pulled += 1;
          yield item;
        }
      }
      const exporter = createOrdersConnector({ store: spying as DocumentStore });
      const seen = new Set<string>();
      for await (const record of exporter.exportRecords({ identities: [customer('cus_many')] })) {
        seen.add(record.id);
        expect(pulled).toBe(seen.size);
      }
      expect(seen.size).toBe(1200);
    });

    it('exports restricted orders too', async () => {
      await orders.restrict({ identities: alice }, true);
      const exported: string[] = [];
      for await (const record of orders.exportRecords({ identities: alice })) exported.push(record.id);
      expect(exported.sort()).toEqual(['ord_a1', 'ord_a2', 'ord_a3']);
    });
  });

  it('answers a health check', async () => {
    await expect(orders.health(AbortSignal.timeout(1000))).resolves.toBeUndefined();
    await expect(orders.health(AbortSignal.abort(new Error('gone')))).rejects.toBeInstanceOf(SourceUnavailableError);
  });
});

describe('orders connector when the store is down', () => {
  const orders = createOrdersConnector({ store: brokenStore() });
  const expectUnavailable = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as SourceUnavailableError).extensions.code).toBe('SOURCE_UNAVAILABLE');
    expect((error as Error).message).toBe('source "orders" is unavailable');
    expect(((error as Error).cause as Error).message).toContain('ECONNREFUSED');
  };

  it('reports SourceUnavailableError, keeping the driver text in cause only', async () => {
    await expectUnavailable(orders.findByIdentities(alice));
    await expectUnavailable(orders.health());
    await expectUnavailable(orders.restrict({ identities: alice }, true));
    await expectUnavailable(orders.erase({ identities: alice, action: 'delete', holds: [], now: new Date() }));
    await expectUnavailable(orders.rectify({ identities: alice }, { name: 'X' }));
    await expectUnavailable(orders.purgeRecords(['ord_1']));
    await expectUnavailable((async () => {
      for await (const _ of orders.exportRecords({ identities: alice })) void _;
    })());
  });
});
