import type { SourceRecord } from '../../src/sources/Connector';
import { normalizeIdentity, type Identity } from '../../src/sources/Identity';
import { supportDescriptor } from './supportDescriptor';

/** A row of `supportQueries.findMessages` / `exportPage`: a message joined with its ticket's customer. */
export interface SupportMessageRow {
  readonly id: string;
  readonly ticket_id: string;
  readonly author: 'CUSTOMER' | 'AGENT';
  readonly body: string;
  readonly created_at: Date | string;
  readonly restricted: boolean;
  readonly customer_email: string | null;
  readonly customer_phone: string | null;
  readonly customer_name: string | null;
  readonly agent_name?: string | null;
  readonly agent_email?: string | null;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An agent's name and email are other people's data: a reply's text keeps what it says to the
 * customer but not who the agent is ("… re-sent. Ivan" → "… re-sent. [agent]").
 */
export function redactAgent(body: string, agent: { name?: string | null; email?: string | null }): string {
  const words = [agent.email ?? '', ...(agent.name ?? '').split(/\s+/)].filter((w) => w.length >= 2).sort((a, b) => b.length - a.length);
  if (words.length === 0) return body;
  return body.replace(new RegExp(`(?<![\\p{L}\\p{N}])(${words.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu'), '[agent]');
}

/**
 * One message as a SourceRecord. Its identities and profile are the ticket's customer's; the
 * agent who wrote a reply is never named (the row does not even carry it). A stored identifier
 * that is not canonical is left out of `identities` rather than spread through resolution.
 */
export function toSupportRecord(row: SupportMessageRow): SourceRecord {
  const createdAt = new Date(row.created_at).toISOString();
  const identities: Identity[] = [];
  for (const [type, value] of [['EMAIL', row.customer_email], ['PHONE', row.customer_phone]] as const) {
    if (value === null) continue;
    const identity = normalizeIdentity(type, value);
    if (!(identity instanceof Error) && identity.value === value) identities.push(identity);
  }
  return {
    id: row.id,
    source: supportDescriptor.name,
    collection: 'messages',
    createdAt,
    identities,
    restricted: row.restricted,
    profile: { name: row.customer_name, email: row.customer_email, phone: row.customer_phone },
    fields: {
      id: row.id,
      source: supportDescriptor.name,
      ticketId: row.ticket_id,
      createdAt,
      author: row.author,
      body: row.author === 'AGENT' ? redactAgent(row.body, { name: row.agent_name, email: row.agent_email }) : row.body,
    },
  };
}
