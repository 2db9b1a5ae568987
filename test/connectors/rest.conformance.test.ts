import { restKind } from '../../connectors/rest/restKind';
import { defineConnectorConformance } from '../kit/connectorConformance';
import { kindContext, paymentsDeclaration, startRestFixture } from './restFixture';

/**
 * The shared connector suite, run against the declared `payments` source (sources/demo.yaml)
 * built through the engine by the rest kind, over a real demo processor. A subject's records are
 * its payments and its customer record.
 */
defineConnectorConformance({
  name: 'payments (kind rest)',
  setup: async () => {
    const fx = await startRestFixture();
    const subjects = [
      { id: 'cus_conf_alice', payments: 2 },
      { id: 'cus_conf_bob', payments: 1 },
      { id: 'cus_conf_carol', payments: 3 },
    ];
    for (const s of subjects) await fx.seedCustomer(s.id, s.payments);
    const connector = await restKind.open(paymentsDeclaration({ url: fx.processor.url }), kindContext);
    return {
      connector,
      subjects: subjects.map((s) => ({ identities: [{ type: 'CUSTOMER_ID' as const, value: s.id }], records: s.payments + 1 })),
      unknown: { type: 'CUSTOMER_ID', value: 'cus_conf_nobody' },
      teardown: async () => {
        await connector.close();
        await fx.stop();
      },
    };
  },
});
