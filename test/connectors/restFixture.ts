import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { RestDriver } from '../../connectors/rest/createRestDriver';
import { createRestDriver } from '../../connectors/rest/createRestDriver';
import type { ProcessorPayment } from '../../connectors/payments/ProcessorApi';
import type { DemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import { startDemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import type { CollectionDeclaration, FieldDeclaration, SourceDeclaration } from '../../src/sources/declarations/SourceDeclaration';
import type { IdentityType } from '../../src/sources/Identity';

/** Shared by the rest kind's test files: the demo processor on a free port, reached through sources/payments.yaml. */
export const REST_API_KEY = 'sk_test_rest_fixture_key';
export const PAYMENTS_YAML = path.join(__dirname, '../../sources/payments.yaml');

type Raw = Record<string, any>;

/** `${VAR}` from `env` in every string, as the declaration reader does. */
function expand(value: unknown, env: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => env[name] ?? '');
  if (Array.isArray(value)) return value.map((v) => expand(v, env));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v, env)]));
  return value;
}

function field(name: string, raw: Raw): FieldDeclaration {
  return { name, from: raw.from, category: raw.category, type: 'String', fields: null, list: false, enumValues: null, mask: { kind: 'null' } };
}

function collection(name: string, raw: Raw): CollectionDeclaration {
  return {
    name,
    table: raw.table ?? name,
    subjectField: raw.field,
    recordType: raw.type,
    description: raw.description ?? null,
    primaryKey: raw.primaryKey,
    identities: Object.entries(raw.identities as Record<string, string>).map(([type, from]) => ({ type: type as IdentityType, from })),
    createdAt: raw.createdAt ?? null,
    profile: raw.profile ?? {},
    restrictFlag: raw.restrict ?? null,
    retainedUntil: null,
    erasure: raw.erasure ?? null,
    fields: Object.entries(raw.fields as Record<string, Raw>).map(([n, f]) => field(n, f)),
    othersData: [],
    hidden: [],
  };
}

/**
 * The `payments` source of sources/payments.yaml compiled to a SourceDeclaration. This stands in
 * for the declaration reader until it lands on main: it reads only the keys that file uses, and
 * leaves the kind's own keys in `options`, as the reader does. `change` edits the options first
 * (a smaller batch, a page limit, another search) so a test can try a variant of the API's use.
 */
export function paymentsDeclaration(options: { url: string; apiKey?: string; change?: (options: Raw) => void }): SourceDeclaration {
  const file = parse(readFileSync(PAYMENTS_YAML, 'utf8')) as Raw;
  const env = { PAYMENTS_API_URL: options.url, PAYMENTS_API_KEY: options.apiKey ?? REST_API_KEY };
  const { kind, system, collections, ...rest } = expand(file.sources.payments, env) as Raw;
  options.change?.(rest);
  return {
    name: 'payments',
    kind,
    file: PAYMENTS_YAML,
    system,
    options: rest,
    collections: Object.entries(collections as Record<string, Raw>).map(([n, c]) => collection(n, c)),
    edges: [],
    maxHops: 0,
    warnings: [],
  };
}

export interface RestFixture {
  processor: DemoProcessor;
  declaration: SourceDeclaration;
  driver(change?: (options: Raw) => void, apiKey?: string): RestDriver;
  collection(name: 'payments' | 'customers'): CollectionDeclaration;
  /** A customer with payments 1 second apart, oldest first: `pay_<id without cus_>_<n>`. */
  seedCustomer(id: string, payments: number, extra?: { name?: string; restricted?: boolean }): Promise<ProcessorPayment[]>;
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
      const payments: ProcessorPayment[] = Array.from({ length: count }, (_, i) => ({
        id: `pay_${id.replace(/^cus_/, '')}_${i}`,
        customerId: id,
        createdAt: new Date(start + i * 1000).toISOString(),
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

/** Every message along the cause chain: none may carry a body, the key or an id. */
export function messages(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) parts.push(e.message);
  return parts.join(' | ');
}

export async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a rejection with an Error, got ${String(outcome)}`);
  return outcome;
}
