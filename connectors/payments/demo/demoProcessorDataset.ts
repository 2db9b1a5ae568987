import type { PaymentStatus } from '../ProcessorApi';
import type { SeedData } from './ProcessorStore';

/**
 * The processor's part of the demo dataset (CONTRACT.md §6), identical on every first start:
 * fixed ids and dates, no randomness. The processor knows customers by customer id only.
 * The named subjects' payments predate any accounting hold except Dave's, which is recent, so
 * an erasure of Dave must retain it (restricted) while the others are deleted outright.
 */
export function demoProcessorDataset(options: { subjects: number }): Required<SeedData> {
  if (!Number.isInteger(options.subjects) || options.subjects < 0) throw new TypeError(`expected subjects to be a whole number, got ${options.subjects}`);
  const payment = (id: string, customerId: string, createdAt: string, amount: number, extra: { status?: PaymentStatus; cardLast4?: string } = {}) => ({
    id,
    customerId,
    createdAt,
    amount,
    currency: 'EUR',
    status: extra.status ?? 'succeeded',
    cardLast4: extra.cardLast4 ?? '4242',
  });
  const customers = [
    { id: 'cus_alice', name: 'Alice Anderson', createdAt: '2014-02-03T10:00:00.000Z' },
    { id: 'cus_bob', name: 'Bob Brown', createdAt: '2014-05-20T09:30:00.000Z' },
    { id: 'cus_carol', name: 'Carol Clark', createdAt: '2014-07-11T16:45:00.000Z' },
    { id: 'cus_dave', name: 'Dave Davis', createdAt: '2014-09-01T08:15:00.000Z' },
  ];
  const payments = [
    payment('pay_alice_1', 'cus_alice', '2015-03-14T12:00:00.000Z', 42.5, { cardLast4: '1111' }),
    payment('pay_alice_2', 'cus_alice', '2015-11-02T18:20:00.000Z', 19.99, { cardLast4: '1111', status: 'refunded' }),
    payment('pay_bob_1', 'cus_bob', '2015-06-30T08:05:00.000Z', 120, { cardLast4: '2222' }),
    payment('pay_carol_1', 'cus_carol', '2015-09-09T21:10:00.000Z', 75.25, { cardLast4: '3333' }),
    payment('pay_dave_1', 'cus_dave', '2026-06-15T14:30:00.000Z', 310, { cardLast4: '4444' }),
  ];
  for (let n = 1; n <= options.subjects; n++) {
    const createdAt = new Date(Date.UTC(2020, 0, 1) + n * 3_600_000).toISOString();
    customers.push({ id: `cus_user${n}`, name: `User ${n}`, createdAt });
    payments.push(payment(`pay_user${n}_1`, `cus_user${n}`, createdAt, 5 + ((n * 37) % 2000) / 10));
  }
  return { customers, payments };
}
