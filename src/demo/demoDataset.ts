import type { OrderDocument } from './OrderDocument';
import type { SupportTicketSeed } from './seedSupport';
import type { Identity } from '../sources/Identity';

/**
 * The demo dataset (CONTRACT.md §6), identical on every first start: fixed ids, dates and
 * values, no randomness. Support tickets date from 2025, inside the shipped policy's 3-year
 * support period, so the retention clock's first run leaves the table of §6 as it is. The payment processor's part is `demoProcessorDataset` beside the
 * demo processor (it also seeds the processor when it runs as its own service).
 */
export interface DemoDataset {
  orders: OrderDocument[];
  tickets: SupportTicketSeed[];
  /** Subjects with a marketing consent, by all their identities. */
  consents: Array<{ identities: Identity[]; purpose: string; evidence: string; at: string }>;
}

const AGENT = { agentName: 'Ivan Petrov', agentEmail: 'ivan.petrov@shop.example' };

interface Person {
  key: string;
  name: string;
  email: string;
  phone: string;
  customerId: string;
  address: string;
}

const PEOPLE: Record<'alice' | 'bob' | 'carol' | 'dave', Person> = {
  alice: { key: 'alice', name: 'Alice Anderson', email: 'alice@example.com', phone: '+79990000001', customerId: 'cus_alice', address: 'Moscow, Tverskaya st. 1, apt. 10' },
  bob: { key: 'bob', name: 'Bob Brown', email: 'bob@example.com', phone: '+79990000002', customerId: 'cus_bob', address: 'Saint Petersburg, Nevsky pr. 20' },
  carol: { key: 'carol', name: 'Carol Clark', email: 'carol@example.com', phone: '+79990000003', customerId: 'cus_carol', address: 'Kazan, Baumana st. 5' },
  dave: { key: 'dave', name: 'Dave Davis', email: 'dave@example.com', phone: '+79990000004', customerId: 'cus_dave', address: 'Novosibirsk, Lenina st. 7' },
};

const PRODUCTS = [
  { sku: 'LIC-OFFICE-1Y', name: 'Office Suite licence, 1 year', price: 69.99 },
  { sku: 'LIC-AV-2PC', name: 'Antivirus, 2 devices', price: 29.5 },
  { sku: 'LIC-IDE-PRO', name: 'IDE Pro licence', price: 199 },
  { sku: 'LIC-VPN-1Y', name: 'VPN, 1 year', price: 45 },
];

function order(p: Person, n: number, createdAt: string, items: Array<[number, number]>, extra: { ip?: string; device?: string } = {}): OrderDocument {
  const lines = items.map(([product, quantity]) => {
    const item = PRODUCTS[product] as (typeof PRODUCTS)[number];
    return { sku: item.sku, name: item.name, quantity, price: item.price };
  });
  return {
    _id: `ord_${p.key}_${n}`,
    customerId: p.customerId,
    email: p.email,
    phone: p.phone,
    name: p.name,
    address: p.address,
    createdAt,
    total: Math.round(lines.reduce((sum, l) => sum + l.price * l.quantity, 0) * 100) / 100,
    currency: 'EUR',
    items: lines,
    ip: extra.ip ?? `203.0.113.${10 + n}`,
    device: extra.device ?? 'Firefox 128 / Linux',
  };
}

/** The generated subject N: user<N>@demo.example, +7999<7 digits>, cus_user<N>. */
export function generatedPerson(n: number): Person {
  return { key: `user${n}`, name: `User ${n}`, email: `user${n}@demo.example`, phone: `+7999${String(1_000_000 + n).padStart(7, '0')}`, customerId: `cus_user${n}`, address: `Demo city, street ${n}` };
}

export function demoDataset(options: { subjects: number }): DemoDataset {
  const { alice, bob, carol, dave } = PEOPLE;
  const orders: OrderDocument[] = [
    order(alice, 1, '2015-03-14T11:58:00.000Z', [[0, 1]]),
    order(alice, 2, '2015-11-02T18:18:00.000Z', [[1, 1]], { device: 'Safari 17 / macOS' }),
    order(alice, 3, '2024-02-10T09:00:00.000Z', [[2, 1], [3, 1]]),
    order(bob, 1, '2015-06-30T08:00:00.000Z', [[2, 1]]),
    order(carol, 1, '2015-09-09T21:05:00.000Z', [[0, 1], [1, 1]]),
    order(carol, 2, '2023-04-01T12:00:00.000Z', [[3, 1]]),
    order(dave, 1, '2026-06-15T14:25:00.000Z', [[2, 1], [0, 1]]),
  ];
  const tickets: SupportTicketSeed[] = [
    {
      id: 'tkt_alice_1', customerEmail: alice.email, customerPhone: null, customerName: alice.name, subject: 'Licence key not received', createdAt: '2025-03-14T12:30:00.000Z',
      messages: [
        { id: 'msg_alice_1', author: 'CUSTOMER', body: 'Hello, I paid for the Office licence but did not get the key.', createdAt: '2025-03-14T12:30:00.000Z' },
        { id: 'msg_alice_2', author: 'AGENT', ...AGENT, body: 'Sorry about that, Alice. The key has been re-sent to alice@example.com. Ivan', createdAt: '2025-03-14T13:05:00.000Z' },
      ],
    },
    {
      id: 'tkt_alice_2', customerEmail: alice.email, customerPhone: null, customerName: alice.name, subject: 'Refund', createdAt: '2025-11-03T09:00:00.000Z',
      messages: [
        { id: 'msg_alice_3', author: 'CUSTOMER', body: 'I bought the antivirus by mistake, can I get a refund?', createdAt: '2025-11-03T09:00:00.000Z' },
        { id: 'msg_alice_4', author: 'AGENT', ...AGENT, body: 'Refund issued, it will reach your card in 5 days.', createdAt: '2025-11-03T10:15:00.000Z' },
      ],
    },
    {
      // The helpdesk knows Carol only by phone: she is found by following identities.
      id: 'tkt_carol_1', customerEmail: null, customerPhone: carol.phone, customerName: null, subject: 'Call back request', createdAt: '2025-04-02T08:00:00.000Z',
      messages: [
        { id: 'msg_carol_1', author: 'CUSTOMER', body: 'Please call me back about my VPN licence.', createdAt: '2025-04-02T08:00:00.000Z' },
        { id: 'msg_carol_2', author: 'AGENT', ...AGENT, body: 'Called back, issue solved.', createdAt: '2025-04-02T09:30:00.000Z' },
      ],
    },
    {
      id: 'tkt_dave_1', customerEmail: dave.email, customerPhone: null, customerName: dave.name, subject: 'Invoice', createdAt: '2026-06-16T10:00:00.000Z',
      messages: [{ id: 'msg_dave_1', author: 'CUSTOMER', body: 'Please send me an invoice for my last order.', createdAt: '2026-06-16T10:00:00.000Z' }],
    },
  ];
  for (let n = 1; n <= options.subjects; n++) {
    const p = generatedPerson(n);
    const at = new Date(Date.UTC(2020, 0, 1) + n * 3_600_000 - 300_000).toISOString();
    orders.push(order(p, 1, at, [[n % PRODUCTS.length, 1 + (n % 3)]], { ip: `198.51.100.${n % 250}`, device: n % 2 ? 'Chrome 130 / Windows' : 'Firefox 128 / Linux' }));
    if (n % 10 === 0) {
      const askedAt = new Date(Date.UTC(2025, 0, 1) + n * 3_600_000).toISOString();
      tickets.push({
        id: `tkt_user${n}_1`, customerEmail: p.email, customerPhone: null, customerName: p.name, subject: 'Question', createdAt: askedAt,
        messages: [{ id: `msg_user${n}_1`, author: 'CUSTOMER', body: `Question from user ${n}.`, createdAt: askedAt }],
      });
    }
  }
  const identitiesOf = (p: Person): Identity[] => [
    { type: 'EMAIL', value: p.email },
    { type: 'PHONE', value: p.phone },
    { type: 'CUSTOMER_ID', value: p.customerId },
  ];
  return {
    orders,
    tickets,
    consents: [{ identities: identitiesOf(alice), purpose: 'marketing', evidence: 'newsletter checkbox at checkout, order ord_alice_3', at: '2024-02-10T09:00:00.000Z' }],
  };
}
