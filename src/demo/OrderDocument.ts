import type { DocumentStore } from '../store/DocumentStore';
import type { IdentityType } from '../sources/Identity';
import { normalizeIdentity } from '../sources/Identity';

export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  price: number;
}

/**
 * An order as the shop stores it (MongoDB collection "orders"). Identities are stored in canonical
 * form (see `normalizeIdentity`), so one `$in` finds them whatever form a caller typed. Dates are
 * ISO-8601 strings: they compare and sort the same in both document-store adapters.
 * (A type alias, not an interface: the store's `Doc` needs an index signature.)
 */
export type OrderDocument = {
  _id: string; // "ord_…"
  customerId: string | null;
  email: string | null;
  phone: string | null;
  name: string | null;
  address: string | null;
  createdAt: string;
  total: number;
  currency: string;
  items: OrderItem[];
  ip: string | null;
  device: string | null;
  /** Restricted (blocked) at the source: hidden from ordinary reads. */
  restricted?: boolean;
  /** Set when an erasure kept the order under a legal hold: restricted until this date (ISO). */
  retainedUntil?: string;
  /** Set when an erasure stripped the identifying fields; the order remains for statistics. */
  depersonalizedAt?: string;
  /** Rectifications applied: when and which fields (never the old values). */
  corrections?: unknown[];
};

export const ORDERS_COLLECTION = 'orders';

/** Identity fields of an order, by the identity type they hold. */
export const IDENTITY_FIELDS = { EMAIL: 'email', PHONE: 'phone', CUSTOMER_ID: 'customerId' } as const satisfies Record<IdentityType, keyof OrderDocument>;

/**
 * Seeds orders (demo data, tests) into the "orders" collection, identities canonicalised and the
 * identity fields indexed. Throws a TypeError naming the order when an identity is malformed.
 */
export async function seedOrders(store: DocumentStore, docs: readonly OrderDocument[]): Promise<void> {
  const orders = store.collection<OrderDocument>(ORDERS_COLLECTION);
  const canonical = docs.map((doc) => {
    const next = { ...doc };
    for (const [type, field] of Object.entries(IDENTITY_FIELDS) as Array<[IdentityType, 'email' | 'phone' | 'customerId']>) {
      if (doc[field] === null || doc[field] === undefined) continue;
      const identity = normalizeIdentity(type, doc[field]);
      if (identity instanceof Error) throw new TypeError(`order ${doc._id}: ${identity.message}, got a malformed ${field}`);
      next[field] = identity.value;
    }
    return next;
  });
  for (const field of Object.values(IDENTITY_FIELDS)) await orders.createIndex({ [field]: 1 });
  await orders.insertMany(canonical);
}
