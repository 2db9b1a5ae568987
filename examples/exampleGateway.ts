/**
 * What the suite hands a client example (each runs as its own Node process, as a client would):
 * the gateway's GraphQL endpoint and one token per caller, in `EXAMPLE_GATEWAY` as JSON.
 */
export interface ExampleGateway {
  readonly url: string;
  /** `shop_service` (order_fulfillment, fraud_prevention) and `support_agent` (customer_support). */
  readonly tokens: { readonly shop: string; readonly support: string };
}

export function readExampleGateway(env: NodeJS.ProcessEnv = process.env): ExampleGateway {
  const raw = env.EXAMPLE_GATEWAY;
  if (!raw) throw new TypeError('expected EXAMPLE_GATEWAY={"url":…,"tokens":{"shop":…,"support":…}}, got nothing');
  const parsed = JSON.parse(raw) as Partial<ExampleGateway>;
  if (typeof parsed.url !== 'string' || typeof parsed.tokens?.shop !== 'string' || typeof parsed.tokens.support !== 'string') {
    throw new TypeError(`expected EXAMPLE_GATEWAY with url and tokens.shop, tokens.support, got keys ${Object.keys(parsed).join(', ')}`);
  }
  return parsed as ExampleGateway;
}

/** An error's contract code and the path of the field it nulled, the way every example reports it. */
export interface CodeAt {
  readonly code: string;
  readonly path: string;
}

export function codesOf(errors: ReadonlyArray<{ extensions?: Record<string, unknown>; path?: ReadonlyArray<string | number> }> | undefined): CodeAt[] {
  return (errors ?? []).map((e) => ({ code: String(e.extensions?.code), path: (e.path ?? []).join('.') }));
}

/** The example's findings, as one JSON document on stdout for the suite to assert, with the Node that ran it. */
export function report(findings: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...findings, node: process.versions.node })}\n`);
}
