import type { ConnectorDescriptor } from '../../src/sources/Connector';

/**
 * The helpdesk as a gateway source (CONTRACT.md §5 `SupportMessage`). A record is one message;
 * the customer's identity lives on its ticket. Agents' names and emails are other people's data:
 * no field or profile value ever carries them.
 */
export const supportDescriptor: ConnectorDescriptor = {
  name: 'support',
  system: 'Helpdesk (PostgreSQL)',
  collections: [{
    name: 'messages',
    subjectField: 'supportMessages',
    recordType: 'SupportMessage',
    fields: { id: null, source: null, ticketId: null, createdAt: null, author: null, body: 'support.message' },
  }],
  categories: ['contact.email', 'contact.phone', 'identity.name', 'support.message'],
  typeDefs: '',
  queryableBy: ['EMAIL', 'PHONE'],
  reveals: ['EMAIL', 'PHONE'],
  profileFields: ['name', 'email', 'phone'],
  capabilities: ['read', 'restrict', 'delete', 'depersonalize', 'rectify', 'export'],
};
