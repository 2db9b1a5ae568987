import type { SqlClient } from '../../src/sql/SqlClient';

/**
 * The helpdesk's tables. A real helpdesk owns its schema; the gateway creates it only for the
 * embedded database (and tests), so these statements must stay compatible with that schema.
 * Agents' name and email are stored (the helpdesk needs them) but never read by the connector.
 */
export const SUPPORT_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS tickets (
     id text PRIMARY KEY,
     customer_email text NULL,
     customer_phone text NULL,
     customer_name text NULL,
     subject text NOT NULL,
     created_at timestamptz NOT NULL,
     restricted boolean NOT NULL DEFAULT false,
     depersonalized_at timestamptz NULL
   )`,
  `CREATE TABLE IF NOT EXISTS messages (
     id text PRIMARY KEY,
     ticket_id text NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
     author text NOT NULL CHECK (author IN ('CUSTOMER', 'AGENT')),
     agent_name text NULL,
     agent_email text NULL,
     body text NOT NULL,
     created_at timestamptz NOT NULL,
     restricted boolean NOT NULL DEFAULT false
   )`,
  'CREATE INDEX IF NOT EXISTS tickets_customer_email_idx ON tickets (customer_email)',
  'CREATE INDEX IF NOT EXISTS tickets_customer_phone_idx ON tickets (customer_phone)',
  // Joins, cascades and the export's keyset order all go through the ticket.
  'CREATE INDEX IF NOT EXISTS messages_ticket_idx ON messages (ticket_id, created_at, id)',
];

/**
 * Creates the tables and indexes if missing. Idempotent, and safe when several processes start
 * at once: one transaction, serialised by an advisory lock (concurrent CREATE … IF NOT EXISTS
 * can otherwise collide in the catalog).
 */
export async function migrateSupport(sql: SqlClient): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('privacy-gateway:support-schema'))");
    for (const statement of SUPPORT_SCHEMA) await tx.query(statement);
  });
}
