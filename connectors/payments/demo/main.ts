import { demoProcessorDataset } from './demoProcessorDataset';
import { startDemoProcessor } from './startDemoProcessor';

/**
 * The demo payment processor as its own service (docker-compose `processor`, or
 * `npm run processor`). Environment: PORT (default 4100), PAYMENTS_API_KEY (required in
 * production), PROCESSOR_DATA_DIR (default ./.data/processor), PROCESSOR_HOST (default 0.0.0.0,
 * so a container is reachable), SEED_SUBJECTS (generated demo subjects, default 1000).
 * Demo data is seeded only into an empty data dir: a restart never resurrects erased payments.
 */
// The gateway's embedded default (src/config.ts), so `npm run processor` and `npm start` agree out of the box.
const DEV_KEY = 'sk_demo_processor_key';

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
    apiKey = DEV_KEY;
    console.warn(`processor: PAYMENTS_API_KEY is not set; using the development key "${DEV_KEY}"`);
  }
  const processor = await startDemoProcessor({
    port: readInteger('PORT', 4100, 65535),
    host: process.env.PROCESSOR_HOST || '0.0.0.0',
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
