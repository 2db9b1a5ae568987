import { createHash } from 'node:crypto';
import { ORDERS_COLLECTION } from '../../src/demo/OrderDocument';
import { ErrorCode } from '../../src/errors';
import type { RawResponse } from './hostileHttp';
import type { TestGateway } from './startTestGateway';

/** Every identity and name of the demo subjects (CONTRACT.md §6), the generated ones' patterns, and the helpdesk agent. */
export const DEMO_PERSONAL_DATA: readonly string[] = [
  ...['alice', 'bob', 'carol', 'dave'].flatMap((name) => [`${name}@example.com`, `cus_${name}`]),
  '+79990000001', '+79990000002', '+79990000003', '+79990000004',
  'Alice Anderson', 'Bob Brown', 'Carol Clark', 'Dave Davis',
  'Tverskaya', 'Nevsky', 'Baumana', 'Lenina',
  '@demo.example', 'cus_user', '+7999100', 'Ivan Petrov', 'ivan.petrov@shop.example',
];

/** Text that only an internal error, a stack trace or a driver would put in a response. */
export const INTERNAL_TEXT: readonly RegExp[] = [
  /\bat \//, /node_modules/, /(?<!Syntax )Error:/, /ECONN/, /nedb/i, /pglite/i, /SQL/, /syntax error at or near/i,
  /\b(Type|Range|Reference|URI)Error\b/, /stack/i, /\.ts:\d+/, /Internal error/,
];

export const CONTRACT_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR));

/** The personal data and internal text a response carries (both should be empty). */
export function leaksIn(response: RawResponse): { personalData: string[]; internalText: string[] } {
  const text = `${JSON.stringify(response.headers)}\n${response.text}`;
  return {
    personalData: DEMO_PERSONAL_DATA.filter((value) => text.includes(value)),
    internalText: INTERNAL_TEXT.filter((pattern) => pattern.test(response.text)).map(String),
  };
}

export const errorCodes = (response: RawResponse): string[] => (response.json?.errors ?? []).map((e) => String(e.extensions?.code));

const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/**
 * What a hostile request must leave as it was: the request ledger, the subjects' states (blocks,
 * erasures, consents), legal holds, and the records of the orders and support sources.
 */
export async function stateSnapshot(gw: TestGateway): Promise<Record<string, unknown>> {
  const { services, sources } = gw.gateway;
  // Read from the tables themselves, past the owners: every row, every column.
  const requests = (await services.state.sql.query<{ id: string; status: string }>('SELECT id, status FROM dsr_requests ORDER BY id')).rows;
  const tasks = (await services.state.sql.query('SELECT * FROM dsr_tasks ORDER BY request_id, idx')).rows;
  const subjects = (await services.state.sql.query('SELECT * FROM subjects ORDER BY id')).rows;
  const identities = (await services.state.sql.query('SELECT * FROM subject_identities ORDER BY identity_hash, subject_id')).rows;
  const consents = (await services.state.sql.query('SELECT * FROM consents ORDER BY subject_id, purpose')).rows;
  const holds = (await services.state.sql.query('SELECT * FROM legal_holds ORDER BY source, record_id')).rows;
  const orders = await sources.orders.collection(ORDERS_COLLECTION).find({}, { sort: { _id: 1 } });
  const support = await sources.support.query(
    'SELECT m.id, m.body, m.restricted, t.customer_email, t.customer_phone, t.customer_name FROM messages m JOIN tickets t ON t.id = m.ticket_id ORDER BY m.id',
  );
  return {
    dsrRequests: requests.length,
    dsrRequestIds: digest(requests.map((r) => [r.id, r.status])),
    dsrTasks: digest(tasks),
    subjects: digest([subjects, identities, consents]),
    holds: digest(holds),
    orders: digest(orders),
    supportMessages: support.rowCount,
    support: digest(support.rows),
  };
}

/** The gateway still answers: /healthz is 200 and an ordinary read resolves. */
export async function stillHealthy(gw: TestGateway): Promise<{ healthz: number; read: unknown }> {
  const healthz = (await fetch(`${gw.url}/healthz`)).status;
  const read = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ status orders { id } } }', {
    roles: ['shop_service'],
    purpose: 'order_fulfillment',
    variables: { ref: { customerId: 'cus_bob' } },
  });
  return { healthz, read: read.body.errors ?? read.body.data };
}
