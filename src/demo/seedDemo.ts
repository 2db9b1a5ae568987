import { seedOrders } from '../../connectors/orders/OrderDocument';
import { demoProcessorDataset } from '../../connectors/payments/demo/demoProcessorDataset';
import type { DemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import { seedSupport } from '../../connectors/support/seedSupport';
import type { GatewayServices } from '../GatewayServices';
import type { SqlClient } from '../sql/SqlClient';
import type { DocumentStore } from '../store/DocumentStore';
import { demoDataset } from './demoDataset';

/** Seeds the demo dataset into every source and the gateway's state. Called only for an empty data dir. */
export async function seedDemo(options: { services: Pick<GatewayServices, 'registry' | 'pseudonymizer' | 'policy'>; ordersStore: DocumentStore; sql: SqlClient; processor: DemoProcessor | null; subjects: number }): Promise<boolean> {
  const { subjects } = options;
  const data = demoDataset({ subjects });
  await seedOrders(options.ordersStore, data.orders);
  await seedSupport(options.sql, data.tickets);
  if (options.processor && (await options.processor.isEmpty())) await options.processor.seed(demoProcessorDataset({ subjects }));
  const { registry, pseudonymizer, policy } = options.services;
  for (const consent of data.consents) {
    const subjectId = pseudonymizer.subjectIdFor(consent.identities);
    await registry.ensure(subjectId, consent.identities);
    await registry.recordConsent({ subjectId, purpose: consent.purpose, grant: true, at: consent.at, policyVersion: policy.version, evidence: consent.evidence });
  }
  return true;
}
