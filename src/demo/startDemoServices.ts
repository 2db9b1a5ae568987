import path from 'node:path';
import type { DemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import { startDemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import type { Config } from '../config';
import { ConfigError } from '../config';

export interface DemoServices {
  /** The in-process demo processor, or null when PAYMENTS_API_URL names a real one. */
  readonly processor: DemoProcessor | null;
  /** Variables the declarations read as `${…}` for the services started here (the processor's URL and key). */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * The demo's embedded services that are not databases: the payment processor's API, started on a
 * free loopback port when no PAYMENTS_API_URL is configured (CONTRACT.md §2), so `sources/demo.yaml`
 * declares the payments source the same way whether the processor is real or the demo's.
 */
export async function startDemoServices(config: Config): Promise<DemoServices> {
  if (config.paymentsApiUrl) return { processor: null, env: {}, stop: async () => undefined };
  // The demo processor answers payment records to whoever holds its key, with no purpose and no
  // audit: a side door a production gateway must never open.
  if (config.production) throw new ConfigError('PAYMENTS_API_URL', 'the payment processor\'s API URL when NODE_ENV=production (the embedded demo processor never runs in production)', undefined);
  const processor = await startDemoProcessor({ apiKey: config.paymentsApiKey, host: '127.0.0.1', dataDir: path.join(config.dataDir, 'processor') });
  return {
    processor,
    env: { PAYMENTS_API_URL: processor.url, PAYMENTS_API_KEY: config.paymentsApiKey },
    stop: () => processor.stop(),
  };
}
