import { createSupportConnector } from '../../connectors/support/SupportConnector';
import { seedSupport } from '../../connectors/support/seedSupport';
import { migrateSupport } from '../../connectors/support/supportSchema';
import { defineConnectorConformance } from '../kit/connectorConformance';
import { demoTickets, email, phone, supportTargets } from './supportFixture';

/** The shared connector suite against the support connector: on PGlite, and on the server when CI names one. */
for (const [name, open] of supportTargets('supportconf')) {
  defineConnectorConformance({
    name: `support (${name})`,
    setup: async () => {
      const { client, teardown } = await open();
      await migrateSupport(client);
      await seedSupport(client, demoTickets());
      return {
        connector: createSupportConnector({ sql: client }),
        subjects: [
          { identities: [email('alice@example.com'), phone('+79990000001'), { type: 'CUSTOMER_ID', value: 'cus_alice' }], records: 4 },
          { identities: [phone('+79990000003')], records: 2 },
          { identities: [email('dave@example.com')], records: 1 },
        ],
        unknown: email('nobody@example.com'),
        teardown: teardown ?? (() => client.close()),
      };
    },
  });
}
