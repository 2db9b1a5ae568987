import { seedSupport } from '../../src/demo/seedSupport';
import { defineConnectorConformance } from '../kit/connectorConformance';
import { openDeclaredSource } from '../kit/openDeclaredSource';
import { demoTickets, email, phone, supportTargets } from './supportFixture';

/** The shared connector suite against the helpdesk as sources/demo.yaml declares it (kind postgres): on PGlite, and on the server when CI names one. */
for (const [name, open] of supportTargets('supportconf')) {
  defineConnectorConformance({
    name: `support (${name})`,
    setup: async () => {
      const { client, schema, teardown } = await open();
      // Opening the declared source creates the tables (its `seed:`); then the demo rows go in.
      const connector = await openDeclaredSource({ name: 'support', sql: client, schema });
      await seedSupport(client, demoTickets());
      return {
        connector,
        subjects: [
          { identities: [email('alice@example.com'), phone('+79990000001'), { type: 'CUSTOMER_ID', value: 'cus_alice' }], records: 6 },
          { identities: [phone('+79990000003')], records: 3 },
          { identities: [email('dave@example.com')], records: 2 },
        ],
        unknown: email('nobody@example.com'),
        teardown: async () => {
          await connector.close();
          await teardown?.();
        },
      };
    },
  });
}
