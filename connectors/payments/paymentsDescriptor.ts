import type { ConnectorDescriptor } from '../../src/sources/Connector';

/**
 * What the payments source holds, for the gateway's start-up checks and plans. The processor
 * knows a person by customer id only; each record is one payment. `name` comes from the
 * processor's customer profile. Rectification is by annotation: payments are immutable, and
 * the processor's API offers no way to change a customer's name.
 */
export const paymentsDescriptor: ConnectorDescriptor = {
  name: 'payments',
  system: 'Payment processor (REST API)',
  collections: [{
    name: 'payments',
    subjectField: 'payments',
    recordType: 'PaymentRecord',
    fields: {
      id: null,
      source: null,
      createdAt: null,
      amount: 'payment.transaction',
      currency: 'payment.transaction',
      status: 'payment.transaction',
      cardLast4: 'payment.card',
    },
  }],
  categories: ['identity.customer_id', 'identity.name', 'payment.card', 'payment.transaction'],
  typeDefs: '',
  queryableBy: ['CUSTOMER_ID'],
  reveals: ['CUSTOMER_ID'],
  profileFields: ['name'],
  capabilities: ['read', 'restrict', 'delete', 'depersonalize', 'annotate', 'export'],
};
