import type { SqlClient, SqlStatement } from '../sql/SqlClient';
import { normalizeIdentity, type IdentityType } from '../sources/Identity';

interface TicketRow { id: string; customerEmail: string | null; customerPhone: string | null; customerName: string | null; subject: string; createdAt: string }
interface MessageRow { id: string; ticketId: string; author: 'CUSTOMER' | 'AGENT'; agentName: string | null; agentEmail: string | null; body: string; createdAt: string }

/** The demo helpdesk's rows (sources/support-schema.sql), two statements whatever the count. */
const supportQueries = {
  insertTickets: (rows: readonly TicketRow[]): SqlStatement => ({
    text: `INSERT INTO tickets (id, customer_email, customer_phone, customer_name, subject, created_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])`,
    params: [
      rows.map((r) => r.id), rows.map((r) => r.customerEmail), rows.map((r) => r.customerPhone),
      rows.map((r) => r.customerName), rows.map((r) => r.subject), rows.map((r) => r.createdAt),
    ],
  }),
  insertMessages: (rows: readonly MessageRow[]): SqlStatement => ({
    text: `INSERT INTO messages (id, ticket_id, author, agent_name, agent_email, body, created_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`,
    params: [
      rows.map((r) => r.id), rows.map((r) => r.ticketId), rows.map((r) => r.author), rows.map((r) => r.agentName),
      rows.map((r) => r.agentEmail), rows.map((r) => r.body), rows.map((r) => r.createdAt),
    ],
  }),
};

export interface SupportMessageSeed {
  id: string;
  author: 'CUSTOMER' | 'AGENT';
  /** Only on AGENT messages: stored as a helpdesk would, never returned by the connector. */
  agentName?: string;
  agentEmail?: string;
  body: string;
  /** ISO-8601. */
  createdAt: string;
}

export interface SupportTicketSeed {
  id: string;
  customerEmail: string | null;
  customerPhone: string | null;
  customerName: string | null;
  subject: string;
  /** ISO-8601. */
  createdAt: string;
  messages: SupportMessageSeed[];
}

/**
 * Inserts tickets and their messages: all or nothing, in one transaction of two statements
 * whatever the count. Emails and phones are stored canonical (see normalizeIdentity) so the
 * connector's indexed equality finds them. Not idempotent on purpose: seeding twice is a bug
 * (a duplicate id rejects), and the gateway seeds only an empty data directory.
 */
export async function seedSupport(sql: SqlClient, tickets: readonly SupportTicketSeed[]): Promise<void> {
  if (!Array.isArray(tickets)) throw new TypeError(`expected tickets to be an array, got ${typeof tickets}`);
  const ticketRows = tickets.map(toTicketRow);
  const messageRows = tickets.flatMap((ticket, i) => {
    if (!Array.isArray(ticket.messages)) throw new TypeError(`expected tickets[${i}].messages to be an array, got ${typeof ticket.messages}`);
    return ticket.messages.map((m: SupportMessageSeed, j: number) => toMessageRow(m, { ticketId: ticket.id, path: `tickets[${i}].messages[${j}]` }));
  });
  if (ticketRows.length === 0) return;
  await sql.transaction(async (tx) => {
    const insertTickets = supportQueries.insertTickets(ticketRows);
    await tx.query(insertTickets.text, insertTickets.params);
    if (messageRows.length === 0) return;
    const insertMessages = supportQueries.insertMessages(messageRows);
    await tx.query(insertMessages.text, insertMessages.params);
  });
}

function toTicketRow(ticket: SupportTicketSeed, i: number): TicketRow {
  const path = `tickets[${i}]`;
  return {
    id: text(ticket.id, `${path}.id`),
    customerEmail: identity('EMAIL', ticket.customerEmail, `${path}.customerEmail`),
    customerPhone: identity('PHONE', ticket.customerPhone, `${path}.customerPhone`),
    customerName: ticket.customerName === null ? null : text(ticket.customerName, `${path}.customerName`),
    subject: text(ticket.subject, `${path}.subject`),
    createdAt: isoDate(ticket.createdAt, `${path}.createdAt`),
  };
}

function toMessageRow(message: SupportMessageSeed, options: { ticketId: string; path: string }): MessageRow {
  const { path } = options;
  if (message.author !== 'CUSTOMER' && message.author !== 'AGENT') {
    throw new TypeError(`expected ${path}.author to be "CUSTOMER" or "AGENT", got ${JSON.stringify(message.author)}`);
  }
  if (message.author === 'CUSTOMER' && (message.agentName !== undefined || message.agentEmail !== undefined)) {
    throw new TypeError(`expected agentName and agentEmail only on AGENT messages, got them on ${path} (a CUSTOMER message)`);
  }
  return {
    id: text(message.id, `${path}.id`),
    ticketId: options.ticketId,
    author: message.author,
    agentName: message.agentName === undefined ? null : text(message.agentName, `${path}.agentName`),
    agentEmail: message.agentEmail === undefined ? null : identity('EMAIL', message.agentEmail, `${path}.agentEmail`),
    body: text(message.body, `${path}.body`),
    createdAt: isoDate(message.createdAt, `${path}.createdAt`),
  };
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`expected ${path} to be a non-empty string, got ${value === '' ? 'an empty string' : typeof value}`);
  return value;
}

function identity(type: IdentityType, value: string | null, path: string): string | null {
  if (value === null) return null;
  const canonical = normalizeIdentity(type, value);
  if (canonical instanceof Error) throw new TypeError(`${path}: ${canonical.message}`);
  return canonical.value;
}

function isoDate(value: unknown, path: string): string {
  const date = typeof value === 'string' ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) throw new TypeError(`expected ${path} to be an ISO-8601 date, got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`);
  return date.toISOString();
}
