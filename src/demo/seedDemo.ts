import { seedOrders } from './OrderDocument';
import { demoProcessorDataset } from '../../connectors/payments/demo/demoProcessorDataset';
import { seedSupport } from './seedSupport';
import type { GatewayServices } from '../GatewayServices';
import { demoDataset } from './demoDataset';
import type { DemoSources } from './demoSources';

/** Seeds the demo dataset into every source and the gateway's state. Called only for an empty data dir. */
export async function seedDemo(options: { services: Pick<GatewayServices, 'registry' | 'pseudonymizer' | 'policy'>; sources: DemoSources; subjects: number }): Promise<boolean> {
  const { subjects, sources } = options;
  const data = demoDataset({ subjects });
  await seedOrders(sources.orders, data.orders);
  await seedSupport(sources.support, data.tickets);
  if (sources.processor && (await sources.processor.isEmpty())) await sources.processor.seed(demoProcessorDataset({ subjects }));
  const { registry, pseudonymizer, policy } = options.services;
  for (const consent of data.consents) {
    const subjectId = pseudonymizer.subjectIdFor(consent.identities);
    await registry.ensure(subjectId, consent.identities);
    await registry.recordConsent({ subjectId, purpose: consent.purpose, grant: true, at: consent.at, policyVersion: policy.version, evidence: consent.evidence });
  }
  return true;
}
