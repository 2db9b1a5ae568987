/** The typed example against a live gateway: data, partial data with FORBIDDEN, and a refusal's code. */
import { readExampleGateway, report } from '../exampleGateway';
import { readBob } from './readBob';

async function main(): Promise<void> {
  const { url, tokens } = readExampleGateway();
  report({
    read: await readBob({ url, token: tokens.shop, purpose: 'order_fulfillment' }),
    // The same token under fraud_prevention, which reads order totals but not names.
    partial: await readBob({ url, token: tokens.shop, purpose: 'fraud_prevention' }),
    refused: { purposeNotAllowed: await readBob({ url, token: tokens.shop, purpose: 'marketing' }) },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
