/**
 * What the payment processor itself holds for a customer, asked over its own REST API (not
 * through the gateway's connector): the check a test makes that an erasure really happened.
 */
export async function processorHoldings(options: { url: string; apiKey: string; customerId: string }): Promise<{ customer: boolean; payments: string[] }> {
  const headers = { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' };
  const customer = await fetch(`${options.url}/v1/customers/${encodeURIComponent(options.customerId)}`, { headers });
  await customer.body?.cancel();
  if (customer.status !== 200 && customer.status !== 404) throw new Error(`expected 200 or 404 for the customer, got ${customer.status}`);
  const search = await fetch(`${options.url}/v1/payments/search`, { method: 'POST', headers, body: JSON.stringify({ customer_ids: [options.customerId], include_restricted: true, limit: 100 }) });
  if (search.status !== 200) throw new Error(`expected 200 from the payment search, got ${search.status}`);
  const body = (await search.json()) as { data: Array<{ id: string }> };
  return { customer: customer.status === 200, payments: body.data.map((p) => p.id) };
}

/** The demo processor's key in embedded mode (PAYMENTS_API_KEY unset). */
export const DEMO_PROCESSOR_KEY = 'sk_demo_processor_key';
