import { seedOrders } from '../../src/demo/OrderDocument';
import { createEmbeddedDocumentStore } from '../../src/store/EmbeddedDocumentStore';
import { defineConnectorConformance } from '../kit/connectorConformance';
import { openDeclaredSource } from '../kit/openDeclaredSource';
import { customer, email, makeOrder, phone } from './ordersFixture';

/** Three subjects whose every order carries all three identities; one stranger. */
const people = [1, 2, 3].map((n) => ({ email: `person${n}@example.com`, phone: `+7999000100${n}`, customerId: `cus_p${n}`, records: n + 1 }));

defineConnectorConformance({
  name: 'orders as sources/demo.yaml declares it (kind mongodb, embedded document store)',
  setup: async () => {
    const store = createEmbeddedDocumentStore({ dir: null });
    await seedOrders(store, people.flatMap((p, s) => Array.from({ length: p.records }, (_, i) =>
      makeOrder({ _id: `ord_${s}_${i}`, email: p.email, phone: p.phone, customerId: p.customerId, name: `Person ${s}` }))));
    return {
      connector: await openDeclaredSource({ name: 'orders', store }),
      subjects: people.map((p) => ({ identities: [email(p.email), phone(p.phone), customer(p.customerId)], records: p.records })),
      unknown: email('stranger@example.com'),

    };
  },
});
