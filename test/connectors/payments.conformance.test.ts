import { defineConnectorConformance } from '../kit/connectorConformance';
import { customer, startPaymentsFixture } from './paymentsFixture';

/** The shared connector suite, run against the payments connector and a real demo processor. */
defineConnectorConformance({
  name: 'payments',
  setup: async () => {
    const fx = await startPaymentsFixture();
    const subjects = [
      { id: 'cus_conf_alice', payments: [{ yearsAgo: 1 }, { yearsAgo: 2 }] },
      { id: 'cus_conf_bob', payments: [{ yearsAgo: 3 }] },
      { id: 'cus_conf_carol', payments: [{ yearsAgo: 1 }, { yearsAgo: 4 }, { yearsAgo: 9 }] },
    ];
    for (const s of subjects) await fx.seedCustomer(s);
    const connector = fx.connector();
    return {
      connector,
      subjects: subjects.map((s) => ({ identities: [customer(s.id)], records: s.payments.length })),
      unknown: customer('cus_conf_nobody'),
      teardown: async () => {
        await connector.close();
        await fx.processor.stop();
      },
    };
  },
});
