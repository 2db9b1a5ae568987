import type { ConnectorDescriptor } from '../../src/sources/Connector';

/**
 * What the orders source holds and can do. Field categories must agree with the schema's
 * @category annotations (CONTRACT.md §5): Order.total order.total, items order.item, ip technical.ip.
 */
export const ordersDescriptor = {
  name: 'orders',
  system: 'Store orders (MongoDB)',
  collections: [{
    name: 'orders',
    subjectField: 'orders',
    recordType: 'Order',
    fields: {
      id: null,
      source: null,
      createdAt: null,
      total: 'order.total',
      items: 'order.item',
      ip: 'technical.ip',
      device: 'technical.device',
    },
  }],
  categories: ['contact.address', 'contact.email', 'contact.phone', 'identity.customer_id', 'identity.name', 'order.item', 'order.total', 'technical.device', 'technical.ip'],
  typeDefs: '',
  queryableBy: ['EMAIL', 'PHONE', 'CUSTOMER_ID'],
  reveals: ['EMAIL', 'PHONE', 'CUSTOMER_ID'],
  profileFields: ['name', 'email', 'phone', 'address'],
  capabilities: ['read', 'restrict', 'delete', 'depersonalize', 'rectify', 'export'],
} as const satisfies ConnectorDescriptor;

/** Categories of the profile values an order carries (the policy's names for them). */
export const PROFILE_CATEGORIES = {
  name: 'identity.name',
  email: 'contact.email',
  phone: 'contact.phone',
  address: 'contact.address',
} as const;
