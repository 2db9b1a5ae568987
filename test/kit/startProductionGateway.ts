import { randomBytes } from 'node:crypto';
import type { DemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import { startDemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import { demoProcessorDataset } from '../../connectors/payments/demo/demoProcessorDataset';
import type { TestGateway } from './startTestGateway';
import { startTestGateway } from './startTestGateway';

export const PRODUCTION_AUDIT_KEY = 'production-audit-key-for-tests-only-0123456789';

/**
 * A gateway with NODE_ENV=production: a production gateway starts no processor of its own, so
 * the demo processor runs beside it as the external service it would be (its own random key),
 * seeded as the demo dataset has it.
 */
export async function startProductionGateway(env: Record<string, string> = {}): Promise<TestGateway & { processor: DemoProcessor }> {
  const apiKey = `sk_test_${randomBytes(16).toString('hex')}`;
  const processor = await startDemoProcessor({ apiKey, host: '127.0.0.1', dataDir: null });
  await processor.seed(demoProcessorDataset({ subjects: 120 }));
  try {
    const gw = await startTestGateway({
      env: { NODE_ENV: 'production', GATEWAY_PSEUDONYM_SECRET: 'prod-pseudonym-secret-for-tests-only', GATEWAY_AUDIT_KEY: PRODUCTION_AUDIT_KEY, PAYMENTS_API_URL: processor.url, PAYMENTS_API_KEY: apiKey, GATEWAY_SEED_DEMO: 'on', ...env },
    });
    return {
      ...gw,
      processor,
      close: async () => {
        await gw.close();
        await processor.stop();
      },
    };
  } catch (error) {
    await processor.stop();
    throw error;
  }
}
