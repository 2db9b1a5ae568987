import type { OrderDocument } from '../../src/demo/OrderDocument';
import type { Identity } from '../../src/sources/Identity';
import type { DocumentCollection, DocumentStore } from '../../src/store/DocumentStore';

/** An order with every field set; override what a test cares about. */
export function makeOrder(overrides: Partial<OrderDocument> & { _id: string }): OrderDocument {
  return {
    customerId: null, email: null, phone: null, name: null, address: null,
    createdAt: '2024-03-01T10:00:00.000Z', total: 10, currency: 'EUR',
    items: [{ sku: 'SKU-1', name: 'Mug', quantity: 1, price: 10 }],
    ip: '203.0.113.7', device: 'iPhone', ...overrides,
  };
}

export const email = (value: string): Identity => ({ type: 'EMAIL', value });
export const phone = (value: string): Identity => ({ type: 'PHONE', value });
export const customer = (value: string): Identity => ({ type: 'CUSTOMER_ID', value });

const alice = { email: 'alice@example.com', phone: '+79990000001', customerId: 'cus_alice', name: 'Alice A.', address: '1 Main St' };
const bob = { email: 'bob@example.com', phone: '+79990000002', customerId: 'cus_bob', name: 'Bob B.', address: '2 Side St' };

/**
 * Alice's three orders each reveal a different subset of her identities (and one stored in a
 * non-canonical form, which seeding canonicalises); Bob has one; Dave has an old and a recent one.
 */
export const ORDERS: OrderDocument[] = [
  makeOrder({ _id: 'ord_a1', ...alice, createdAt: '2024-01-10T09:00:00.000Z', total: 42.5 }),
  makeOrder({ _id: 'ord_a2', email: 'Alice@Example.COM', name: 'Alice A.', createdAt: '2024-02-10T09:00:00.000Z' }),
  makeOrder({ _id: 'ord_a3', customerId: 'cus_alice', phone: '+7 999 000-00-01', createdAt: '2024-03-10T09:00:00.000Z', ip: null }),
  makeOrder({ _id: 'ord_b1', ...bob }),
  makeOrder({ _id: 'ord_d_old', email: 'dave@example.com', customerId: 'cus_dave', createdAt: '2010-05-01T00:00:00.000Z' }),
  makeOrder({ _id: 'ord_d_new', email: 'dave@example.com', customerId: 'cus_dave', createdAt: '2024-05-01T00:00:00.000Z' }),
];

/** A store whose collections count the calls made to them, by method name. */
export function countingStore(store: DocumentStore): { store: DocumentStore; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const wrapped: DocumentStore = {
    kind: store.kind,
    ping: () => store.ping(),
    dropAll: () => store.dropAll(),
    close: () => store.close(),
    collection: <T extends { _id: string }>(name: string) => {
      const inner = store.collection<T>(name) as unknown as Record<string, (...args: unknown[]) => unknown>;
      return new Proxy(inner, {
        get: (target, method: string) => (...args: unknown[]) => {
          calls.set(method, (calls.get(method) ?? 0) + 1);
          return target[method]!(...args);
        },
      }) as unknown as DocumentCollection<T & Record<string, unknown>>;
    },
  } as DocumentStore;
  return { store: wrapped, calls };
}

/** A store that is down: every call fails with driver-like text that must never reach a client. */
export function brokenStore(): DocumentStore {
  const fail = async (): Promise<never> => {
    throw new Error('connect ECONNREFUSED 10.1.2.3:27017 (user=admin)');
  };
  const collection = new Proxy({}, {
    get: (_t, method) => (method === 'iterate'
      ? () => ({ [Symbol.asyncIterator]: () => ({ next: fail }) })
      : fail),
  });
  return { kind: 'mongodb', collection: () => collection, ping: fail, dropAll: fail, close: async () => undefined } as unknown as DocumentStore;
}
