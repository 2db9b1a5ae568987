import type { SourceRecord } from '../../src/sources/Connector';
import type { ProcessorPayment } from './ProcessorApi';

const STATUSES: readonly string[] = ['succeeded', 'refunded', 'failed'];

const kind = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * A payment from the processor as the gateway's `PaymentRecord`, checked at the boundary: a
 * shape the connector does not expect is a TypeError naming the field and the type that came
 * (never its value: payment data is personal). `name` comes from the expanded customer.
 */
export function toPaymentRecord(value: unknown, source: string): SourceRecord {
  if (typeof value !== 'object' || value === null) throw new TypeError(`expected a payment object, got ${kind(value)}`);
  const p = value as Partial<Record<keyof ProcessorPayment, unknown>>;
  const expect = (field: keyof ProcessorPayment, ok: boolean, expected: string) => {
    if (!ok) throw new TypeError(`expected payment.${field} to be ${expected}, got ${kind(p[field])}`);
  };
  expect('id', typeof p.id === 'string' && p.id.length > 0, 'a non-empty string');
  expect('customerId', p.customerId === null || typeof p.customerId === 'string', 'a string or null');
  expect('createdAt', typeof p.createdAt === 'string' && !Number.isNaN(Date.parse(p.createdAt)), 'an ISO-8601 date');
  expect('amount', typeof p.amount === 'number' && Number.isFinite(p.amount), 'a number');
  expect('currency', typeof p.currency === 'string', 'a string');
  expect('status', typeof p.status === 'string' && STATUSES.includes(p.status), `one of ${STATUSES.join(', ')}`);
  expect('cardLast4', typeof p.cardLast4 === 'string', 'a string');
  expect('restricted', typeof p.restricted === 'boolean', 'a boolean');
  const payment = p as ProcessorPayment;
  const name = payment.customer && typeof payment.customer.name === 'string' ? payment.customer.name : null;
  return {
    id: payment.id,
    source,
    collection: 'payments',
    createdAt: new Date(payment.createdAt).toISOString(),
    identities: payment.customerId === null ? [] : [{ type: 'CUSTOMER_ID', value: payment.customerId }],
    restricted: payment.restricted,
    ...(name === null ? {} : { profile: { name } }),
    fields: {
      id: payment.id,
      source,
      createdAt: new Date(payment.createdAt).toISOString(),
      amount: payment.amount,
      currency: payment.currency,
      status: payment.status,
      cardLast4: payment.cardLast4,
    },
  };
}
