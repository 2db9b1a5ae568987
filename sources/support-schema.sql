-- The demo helpdesk's tables (sources/demo.yaml `support`, `seed:`). A real helpdesk owns its
-- schema; this runs only into a database that lacks the tables: the embedded one, or a server
-- when demo seeding is on; docker compose also mounts it as the helpdesk database's init script.
CREATE TABLE IF NOT EXISTS tickets (
  id text PRIMARY KEY,
  customer_email text NULL,
  customer_phone text NULL,
  customer_name text NULL,
  subject text NOT NULL,
  created_at timestamptz NOT NULL,
  restricted boolean NOT NULL DEFAULT false,
  depersonalized_at timestamptz NULL
);
CREATE TABLE IF NOT EXISTS messages (
  id text PRIMARY KEY,
  ticket_id text NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  author text NOT NULL CHECK (author IN ('CUSTOMER', 'AGENT')),
  agent_name text NULL,
  agent_email text NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  restricted boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS tickets_customer_email_idx ON tickets (customer_email);
CREATE INDEX IF NOT EXISTS tickets_customer_phone_idx ON tickets (customer_phone);
CREATE INDEX IF NOT EXISTS messages_ticket_idx ON messages (ticket_id, created_at, id);
