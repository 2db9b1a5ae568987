import type { OrderDocument } from '../src/demo/OrderDocument';
import { ORDERS_COLLECTION } from '../src/demo/OrderDocument';
import { generatedPerson } from '../src/demo/demoDataset';
import type { DocumentStore } from '../src/store/DocumentStore';

/**
 * Which generated subjects (user<N>@demo.example) each measurement uses, so that none disturbs
 * another: reads use the low numbers, erasures consume 1…1100 last, and the subjects given extra
 * orders sit at the top, out of every batch. (N % 10 ≠ 0: no support ticket, so the record counts
 * are exact.)
 */
export const SUBJECTS = {
  batch: (i: number) => 1001 + i,
  erased: (i: number) => 1 + i,
  longList: 1199,
  exportSmall: 1197,
  exportLarge: 1193,
} as const;

/** Gives generated subject `n` `count` more orders, straight into the shop's store (not through the gateway). */
export async function seedExtraOrders(store: DocumentStore, n: number, count: number): Promise<void> {
  const p = generatedPerson(n);
  const orders = store.collection<OrderDocument>(ORDERS_COLLECTION);
  const docs: OrderDocument[] = [];
  for (let i = 0; i < count; i++) {
    const quantity = 1 + (i % 3);
    docs.push({
      _id: `ord_bench_${n}_${i}`,
      customerId: p.customerId,
      email: p.email,
      phone: p.phone,
      name: p.name,
      address: p.address,
      createdAt: new Date(Date.UTC(2021, 0, 1) + i * 60_000).toISOString(),
      total: Math.round(quantity * 29.5 * 100) / 100,
      currency: 'EUR',
      items: [{ sku: 'LIC-AV-2PC', name: 'Antivirus, 2 devices', quantity, price: 29.5 }],
      ip: `198.51.100.${i % 250}`,
      device: 'Firefox 128 / Linux',
    });
  }
  for (let at = 0; at < docs.length; at += 1000) await orders.insertMany(docs.slice(at, at + 1000));
}
