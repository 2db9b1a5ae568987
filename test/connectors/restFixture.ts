import path from 'node:path';
import type { RestDriver } from '../../connectors/rest/createRestDriver';
import { createRestDriver } from '../../connectors/rest/createRestDriver';
import { restKind } from '../../connectors/rest/restKind';
import type { ProcessorPayment } from '../../connectors/payments/ProcessorApi';
import type { DemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import { startDemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import { loadPolicy } from '../../src/policy/loadPolicy';
import { compileSource } from '../../src/sources/declarations/compileSource';
import { readSourcesFiles } from '../../src/sources/declarations/readSourcesFiles';
import type { CollectionDeclaration, SourceDeclaration } from '../../src/sources/declarations/SourceDeclaration';
import type { KindContext } from '../../src/sources/SourceKind';

/** Shared by the rest kind's test files: the demo processor on a free port, reached through sources/demo.yaml. */
export const REST_API_KEY = 'sk_test_rest_fixture_key';
export const PAYMENTS_YAML = path.join(__dirname, '../../sources/demo.yaml');

type Raw = Record<string, any>;

const policy = loadPolicy();

/**
 * The `payments` source of sources/demo.yaml as the gateway reads it (`${VAR}` from `env`)
 * and compiles it against the shipped policy. `change` edits the source as written first (a
 * smaller batch, a page limit, another search) so a test can try a variant of the API's use.
 */
export function paymentsDeclaration(options: { url: string; apiKey?: string; change?: (source: Raw) => void }): SourceDeclaration {
  const raw = readSourcesFiles(PAYMENTS_YAML, { PAYMENTS_API_URL: options.url, PAYMENTS_API_KEY: options.apiKey ?? REST_API_KEY }).find((s) => s.name === 'payments');
  if (!raw) throw new Error(`expected a source in ${PAYMENTS_YAML}`);
  options.change?.(raw.raw);
  return compileSource(raw, { policy, kinds: new Map([[restKind.kind, restKind]]) });
}

/** What the composition root lends a kind; kind rest opens no store or database of the gateway's. */
export const kindContext: KindContext = {
  timeoutMs: 2000,
  openDocumentStore: () => {
    throw new Error('expected no document store for kind rest');
  },
  openSql: () => {
    throw new Error('expected no SQL client for kind rest');
  },
  hashKey: 'test-hash-key',
  seed: false,
};

export interface RestFixture {
  processor: DemoProcessor;
  declaration: SourceDeclaration;
  driver(change?: (options: Raw) => void, apiKey?: string): RestDriver;
  collection(name: 'payments' | 'customers'): CollectionDeclaration;
  /** A customer with payments 1 second apart from 2024-01-01 (or `yearsAgo` each), oldest first: `pay_<id without cus_>_<n>`. */
  seedCustomer(id: string, payments: number, extra?: { name?: string; restricted?: boolean; yearsAgo?: readonly number[] }): Promise<ProcessorPayment[]>;
  /** The processor's own answer, asked directly, as any other client would. */
  api(route: string, body?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startRestFixture(): Promise<RestFixture> {
  const processor = await startDemoProcessor({ apiKey: REST_API_KEY, dataDir: null });
  const declaration = paymentsDeclaration({ url: processor.url });
  const drivers: RestDriver[] = [];
  return {
    processor,
    declaration,
    driver(change, apiKey) {
      const driver = createRestDriver(change || apiKey ? paymentsDeclaration({ url: processor.url, apiKey, change }) : declaration);
      drivers.push(driver);
      return driver;
    },
    collection(name) {
      const found = declaration.collections.find((c) => c.name === name);
      if (!found) throw new Error(`expected collection ${name} in ${PAYMENTS_YAML}`);
      return found;
    },
    async seedCustomer(id, count, extra = {}) {
      const start = Date.UTC(2024, 0, 1);
      const dated = (i: number) => {
        const years = extra.yearsAgo?.[i];
        if (years === undefined) return new Date(start + i * 1000);
        const d = new Date();
        d.setUTCFullYear(d.getUTCFullYear() - years);
        return d;
      };
      const payments: ProcessorPayment[] = Array.from({ length: count }, (_, i) => ({
        id: `pay_${id.replace(/^cus_/, '')}_${i}`,
        customerId: id,
        createdAt: dated(i).toISOString(),
        amount: 10 + i,
        currency: 'EUR',
        status: 'succeeded',
        cardLast4: '4242',
        restricted: extra.restricted ?? false,
        notes: [],
      }));
      await processor.seed({ customers: [{ id, name: extra.name ?? `Name of ${id}`, restricted: extra.restricted ?? false }], payments });
      return payments;
    },
    async api(route, body) {
      const [method = 'GET', target = '/'] = route.split(' ');
      const headers: Record<string, string> = { Authorization: `Bearer ${REST_API_KEY}` };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(processor.url + target, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    async stop() {
      await Promise.all(drivers.map((d) => d.close()));
      await processor.stop();
    },
  };
}

/** Every message along the cause chain, and a rejection as a value: one pair for every processor test. */
export { failure, messages } from './paymentsFixture';
