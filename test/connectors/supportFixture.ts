import type { SupportTicketSeed } from '../../src/demo/seedSupport';
import type { SqlClient, SqlQueryable } from '../../src/sql/SqlClient';
import type { Identity } from '../../src/sources/Identity';
import { createPgliteSqlClient } from '../../src/sql/PgliteSqlClient';
import { openPgTestSchema } from '../kit/openPgTestSchema';

/** Databases the support tests run on: PGlite always, the real server when CI names one. */
export function supportTargets(prefix: string): Array<[string, () => Promise<{ client: SqlClient; schema?: string; teardown?: () => Promise<void> }>]> {
  const targets: Array<[string, () => Promise<{ client: SqlClient; schema?: string; teardown?: () => Promise<void> }>]> = [
    ['PGlite', async () => ({ client: createPgliteSqlClient({ dataDir: null }) })],
  ];
  const url = process.env.SUPPORT_TEST_DATABASE_URL;
  if (url !== undefined && url !== '') targets.push(['PostgreSQL server', () => openPgTestSchema({ url, prefix })]);
  return targets;
}

export const email = (value: string): Identity => ({ type: 'EMAIL', value });
export const phone = (value: string): Identity => ({ type: 'PHONE', value });

/** Other people's data that must never come out of the connector. */
export const AGENT = { agentName: 'Agent Smith', agentEmail: 'smith@helpdesk.example' };

/**
 * Alice: email and phone, 2 tickets, 4 messages with agent replies. Carol: the helpdesk knows only
 * her phone, 1 ticket, 2 messages. Dave: email only, 1 message. As in CONTRACT.md §6.
 */
export function demoTickets(): SupportTicketSeed[] {
  const alice = { customerEmail: 'Alice@Example.com', customerPhone: '+7 999 000-00-01', customerName: 'Alice Example' };
  return [
    {
      id: 't-alice-1', ...alice, subject: 'Licence key missing', createdAt: '2025-01-10T09:00:00.000Z',
      messages: [
        { id: 'm-alice-1', author: 'CUSTOMER', body: 'Where is my licence key?', createdAt: '2025-01-10T09:00:00.000Z' },
        { id: 'm-alice-2', author: 'AGENT', ...AGENT, body: 'Sent it again, Alice.', createdAt: '2025-01-10T10:00:00.000Z' },
      ],
    },
    {
      id: 't-alice-2', ...alice, subject: 'Refund', createdAt: '2025-03-01T12:00:00.000Z',
      messages: [
        { id: 'm-alice-3', author: 'CUSTOMER', body: 'Please refund order 42.', createdAt: '2025-03-01T12:00:00.000Z' },
        { id: 'm-alice-4', author: 'AGENT', ...AGENT, body: 'Refunded.', createdAt: '2025-03-02T08:00:00.000Z' },
      ],
    },
    {
      id: 't-carol-1', customerEmail: null, customerPhone: '+79990000003', customerName: 'Carol', subject: 'Call me', createdAt: '2025-02-01T08:00:00.000Z',
      messages: [
        { id: 'm-carol-1', author: 'CUSTOMER', body: 'Call me back please.', createdAt: '2025-02-01T08:00:00.000Z' },
        { id: 'm-carol-2', author: 'AGENT', ...AGENT, body: 'Called.', createdAt: '2025-02-01T09:00:00.000Z' },
      ],
    },
    {
      id: 't-dave-1', customerEmail: 'dave@example.com', customerPhone: null, customerName: 'Dave', subject: 'Invoice', createdAt: '2025-04-01T08:00:00.000Z',
      messages: [{ id: 'm-dave-1', author: 'CUSTOMER', body: 'I need an invoice.', createdAt: '2025-04-01T08:00:00.000Z' }],
    },
  ];
}

/** Wraps a client to record every statement it runs, inside transactions too. */
export function countingClient(inner: SqlClient): { client: SqlClient; statements: string[]; rowsPerStatement: number[] } {
  const statements: string[] = [];
  const rowsPerStatement: number[] = [];
  const counted = (on: SqlQueryable): SqlQueryable => ({
    async query<R>(text: string, params?: readonly unknown[]) {
      statements.push(text);
      const result = await on.query<R>(text, params);
      rowsPerStatement.push(result.rows.length);
      return result;
    },
  });
  const client: SqlClient = {
    kind: inner.kind,
    query: counted(inner).query,
    transaction: (fn) => inner.transaction((tx) => fn(counted(tx))),
    ping: (signal) => inner.ping(signal),
    close: () => inner.close(),
  };
  return { client, statements, rowsPerStatement };
}
