import type { ConnectorDescriptor } from '../../src/sources/Connector';

/**
 * What the payments source holds, for the gateway's start-up checks and plans. The processor
 * knows a person by customer id only; each record is one payment. `name` comes from the
 * processor's customer profile. Rectification is by annotation: payments are immutable, and
 * the processor's API offers no way to change a customer's name.
 */
export const paymentsDescriptor: ConnectorDescriptor = {
  name: 'payments',
  subjectField: 'payments',
  recordType: 'PaymentRecord',
  queryableBy: ['CUSTOMER_ID'],
  reveals: ['CUSTOMER_ID'],
  fields: {
    id: null,
    source: null,
    createdAt: null,
    amount: 'payment.transaction',
    currency: 'payment.transaction',
    status: 'payment.transaction',
    cardLast4: 'payment.card',
  },
  profileFields: ['name'],
  capabilities: ['read', 'restrict', 'delete', 'depersonalize', 'annotate', 'export'],
};
