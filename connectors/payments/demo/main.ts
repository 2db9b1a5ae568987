import { randomBytes } from 'node:crypto';
import { demoProcessorDataset } from './demoProcessorDataset';
import { startDemoProcessor } from './startDemoProcessor';

/**
 * The demo payment processor as its own service (docker-compose `processor`, or
 * `npm run processor`). Environment: PORT (default 4100), PAYMENTS_API_KEY (required in
 * production; unset in development: a random key, printed once), PROCESSOR_DATA_DIR (default
 * ./.data/processor), PROCESSOR_HOST (default 127.0.0.1; compose sets 0.0.0.0 so the container
 * is reachable), SEED_SUBJECTS (generated demo subjects, default 1000).
 * Demo data is seeded only into an empty data dir: a restart never resurrects erased payments.
 */

function readInteger(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new TypeError(`expected ${name} to be a whole number from 0 to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

async function main(): Promise<void> {
  let apiKey = process.env.PAYMENTS_API_KEY ?? '';
  if (apiKey === '') {
    if (process.env.NODE_ENV === 'production') throw new TypeError('expected PAYMENTS_API_KEY to be set in production, got nothing');
    // No published key: whoever starts it learns this one and passes it to the gateway.
    apiKey = `sk_dev_${randomBytes(24).toString('hex')}`;
    console.warn(`processor: PAYMENTS_API_KEY is not set; using a random development key: PAYMENTS_API_KEY=${apiKey}`);
  }
  const processor = await startDemoProcessor({
    port: readInteger('PORT', 4100, 65535),
    host: process.env.PROCESSOR_HOST || '127.0.0.1',
    apiKey,
    dataDir: process.env.PROCESSOR_DATA_DIR || './.data/processor',
  });
  // Demo customers for `npm run processor`; docker compose passes PROCESSOR_SEED_DEMO=off unless asked.
  if (process.env.PROCESSOR_SEED_DEMO !== 'off' && (await processor.isEmpty())) {
    const seeded = await processor.seed(demoProcessorDataset({ subjects: readInteger('SEED_SUBJECTS', 1000, 1_000_000) }));
    console.log(`processor: seeded ${seeded.customers} customers and ${seeded.payments} payments`);
  }
  console.log(`processor: listening on ${processor.url}`);
  const shutdown = (signal: string) => {
    console.log(`processor: ${signal}, stopping`);
    processor.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('processor: failed to stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('processor: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
