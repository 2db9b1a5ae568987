import type { SqlStatement } from '../../src/sql/SqlClient';
import type { SupportKeys } from './supportKeys';

/**
 * Every statement the support connector runs, built without I/O so they can be read and tested
 * without a database. Values always travel as parameters; the only text spliced in is fixed
 * column names chosen here. A subject's tickets are found by `customer_email = ANY($1) OR
 * customer_phone = ANY($2)`, both indexed, with values canonical at write time (seed, rectify).
 */

/**
 * What a reader gets per message: the message and its ticket's customer. The agent's name and
 * email are read only so that `toSupportRecord` can redact them from the reply's text; they are
 * never returned themselves.
 */
const MESSAGE_COLUMNS = `m.id, m.ticket_id, m.author, m.body, m.created_at, (m.restricted OR t.restricted) AS restricted,
       t.customer_email, t.customer_phone, t.customer_name, m.agent_name, m.agent_email`;

const SUBJECT_TICKETS = '(t.customer_email = ANY($1::text[]) OR t.customer_phone = ANY($2::text[]))';

/** Text placed where an erased customer's words were. */
export const ERASED_TEXT = '[erased]';

/** Keyset position of the last message of an export page: µs-exact, independent of session settings. */
export interface ExportCursor {
  readonly at: string;
  readonly id: string;
}

export interface TicketRow {
  readonly id: string;
  readonly customerEmail: string | null;
  readonly customerPhone: string | null;
  readonly customerName: string | null;
  readonly subject: string;
  readonly createdAt: string;
}

export interface MessageRow {
  readonly id: string;
  readonly ticketId: string;
  readonly author: 'CUSTOMER' | 'AGENT';
  readonly agentName: string | null;
  readonly agentEmail: string | null;
  readonly body: string;
  readonly createdAt: string;
}

/** Profile values to overwrite; undefined leaves a column alone, null clears it. */
export interface TicketChanges {
  readonly name?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
}

const RECTIFIABLE = { name: 'customer_name', email: 'customer_email', phone: 'customer_phone' } as const;

export const supportQueries = {
  /** The subject's messages for a read: one statement for every key of a batch. */
  findMessages(options: { keys: SupportKeys; includeRestricted: boolean }): SqlStatement {
    return {
      text: `SELECT ${MESSAGE_COLUMNS}
             FROM tickets t JOIN messages m ON m.ticket_id = t.id
             WHERE ${SUBJECT_TICKETS}${options.includeRestricted ? '' : ' AND NOT (m.restricted OR t.restricted)'}
             ORDER BY m.created_at, m.id`,
      params: [options.keys.emails, options.keys.phones],
    };
  },

  /** One page of the subject's messages, restricted ones included, after `after` in (created_at, id) order. */
  exportPage(options: { keys: SupportKeys; after: ExportCursor | null; limit: number }): SqlStatement {
    return {
      text: `SELECT ${MESSAGE_COLUMNS},
                    to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
             FROM tickets t JOIN messages m ON m.ticket_id = t.id
             WHERE ${SUBJECT_TICKETS} AND ($3::timestamptz IS NULL OR (m.created_at, m.id) > ($3::timestamptz, $4::text))
             ORDER BY m.created_at, m.id
             LIMIT $5`,
      params: [options.keys.emails, options.keys.phones, options.after?.at ?? null, options.after?.id ?? null, options.limit],
    };
  },

  /** The subject's tickets with their messages (a ticket without messages too), locked when erasing. */
  erasureCandidates(options: { keys: SupportKeys; lock: boolean }): SqlStatement {
    return {
      text: `SELECT t.id AS ticket_id, m.id AS message_id, m.created_at
             FROM tickets t LEFT JOIN messages m ON m.ticket_id = t.id
             WHERE ${SUBJECT_TICKETS}
             ORDER BY t.id, m.created_at, m.id${options.lock ? '\n             FOR UPDATE OF t' : ''}`,
      params: [options.keys.emails, options.keys.phones],
    };
  },

  /** Flags the subject's tickets and all their messages; counts the messages now in that state. */
  restrict(options: { keys: SupportKeys; restricted: boolean }): SqlStatement {
    return {
      text: `WITH subject_tickets AS (
               UPDATE tickets t SET restricted = $3 WHERE ${SUBJECT_TICKETS} RETURNING t.id
             ), subject_messages AS (
               UPDATE messages m SET restricted = $3 FROM subject_tickets s WHERE m.ticket_id = s.id RETURNING m.id
             )
             SELECT count(*)::int AS records FROM subject_messages`,
      params: [options.keys.emails, options.keys.phones, options.restricted],
    };
  },

  deleteTickets: (ticketIds: readonly string[]): SqlStatement => ({
    text: 'DELETE FROM tickets WHERE id = ANY($1::text[])',
    params: [ticketIds],
  }),

  deleteMessages: (messageIds: readonly string[]): SqlStatement => ({
    text: 'DELETE FROM messages WHERE id = ANY($1::text[]) RETURNING ticket_id',
    params: [messageIds],
  }),

  /** Tickets among `ticketIds` left without messages (after a purge): nothing is kept for them. */
  deleteEmptyTickets: (ticketIds: readonly string[]): SqlStatement => ({
    text: 'DELETE FROM tickets t WHERE t.id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id)',
    params: [ticketIds],
  }),

  /** Unlinks tickets from the customer: identity, name and the customer's subject line go. */
  depersonalizeTickets: (options: { ticketIds: readonly string[]; at: Date }): SqlStatement => ({
    text: `UPDATE tickets SET customer_email = NULL, customer_phone = NULL, customer_name = NULL, subject = $2, depersonalized_at = $3
           WHERE id = ANY($1::text[])`,
    params: [options.ticketIds, ERASED_TEXT, options.at],
  }),

  /** The customer's own words go; agents' replies stay (they are the company's). */
  eraseCustomerBodies: (ticketIds: readonly string[]): SqlStatement => ({
    text: "UPDATE messages SET body = $2 WHERE ticket_id = ANY($1::text[]) AND author = 'CUSTOMER'",
    params: [ticketIds, ERASED_TEXT],
  }),

  restrictTickets: (ticketIds: readonly string[]): SqlStatement => ({
    text: 'UPDATE tickets SET restricted = true WHERE id = ANY($1::text[])',
    params: [ticketIds],
  }),

  restrictMessages: (messageIds: readonly string[]): SqlStatement => ({
    text: 'UPDATE messages SET restricted = true WHERE id = ANY($1::text[])',
    params: [messageIds],
  }),

  /**
   * Overwrites the given profile values on the subject's tickets, only where a ticket already
   * holds that value (the helpdesk must not learn what it never had); counts the messages of
   * the tickets changed. Null when there is nothing to change.
   */
  rectify(options: { keys: SupportKeys; changes: TicketChanges }): SqlStatement | null {
    const params: unknown[] = [options.keys.emails, options.keys.phones];
    const sets: string[] = [];
    const held: string[] = [];
    for (const [field, column] of Object.entries(RECTIFIABLE) as Array<[keyof TicketChanges, string]>) {
      const value = options.changes[field];
      if (value === undefined) continue;
      params.push(value);
      sets.push(`${column} = CASE WHEN t.${column} IS NULL THEN NULL ELSE $${params.length}::text END`);
      held.push(`t.${column} IS NOT NULL`);
    }
    if (sets.length === 0) return null;
    return {
      text: `WITH changed AS (
               UPDATE tickets t SET ${sets.join(', ')}
               WHERE ${SUBJECT_TICKETS} AND (${held.join(' OR ')})
               RETURNING t.id
             )
             SELECT count(m.id)::int AS records FROM changed c JOIN messages m ON m.ticket_id = c.id`,
      params,
    };
  },

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
