import type { ProcessorPayment } from '../../connectors/payments/ProcessorApi';
import type { DemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import { startDemoProcessor } from '../../connectors/payments/demo/startDemoProcessor';
import type { SourceRecord } from '../../src/sources/Connector';
import type { Identity } from '../../src/sources/Identity';

/** Shared by the payments test files: a real demo processor on a free port, and seeding helpers. */
export const API_KEY = 'sk_test_payments_fixture_key';

export interface PaymentsFixture {
  processor: DemoProcessor;
  /** Seeds a customer with payments dated `yearsAgo` before now (in that order, 1 second apart). */
  seedCustomer(options: { id: string; name?: string; payments: Array<{ yearsAgo: number; amount?: number; id?: string }> }): Promise<ProcessorPayment[]>;
  /** Calls the processor's API directly, as any other client would. */
  api(path: string, init?: { method?: string; body?: unknown; apiKey?: string | null }): Promise<{ status: number; body: unknown; headers: Headers }>;
}

export const customer = (value: string): Identity => ({ type: 'CUSTOMER_ID', value });

export function yearsBefore(now: Date, years: number): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

export async function startPaymentsFixture(options: { dataDir?: string | null } = {}): Promise<PaymentsFixture> {
  const processor = await startDemoProcessor({ apiKey: API_KEY, dataDir: options.dataDir ?? null });
  return {
    processor,
    async seedCustomer({ id, name = `Name of ${id}`, payments }) {
      const now = Date.now();
      const seeded: ProcessorPayment[] = payments.map((p, i) => ({
        id: p.id ?? `pay_${id.replace(/^cus_/, '')}_${i}`,
        customerId: id,
        createdAt: new Date(yearsBefore(new Date(now), p.yearsAgo).getTime() + i * 1000).toISOString(),
        amount: p.amount ?? 10 + i,
        currency: 'EUR',
        status: 'succeeded',
        cardLast4: '4242',
        restricted: false,
        notes: [],
      }));
      await processor.seed({ customers: [{ id, name, createdAt: new Date(now).toISOString() }], payments: seeded });
      return seeded;
    },
    async api(path, init = {}) {
      const headers: Record<string, string> = {};
      const key = init.apiKey === undefined ? API_KEY : init.apiKey;
      if (key !== null) headers.Authorization = `Bearer ${key}`;
      if (init.body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(processor.url + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: res.headers };
    },
  };
}

/** Every message along the cause chain: none may carry the body, the key or a customer id. */
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

export function expectClean(error: Error, ...secrets: string[]): void {
  const text = messages(error);
  for (const secret of [API_KEY, 'the processor failed', 'too many requests', '<html>', '"data"', ...secrets]) expect(text).not.toContain(secret);
}

export function asRecords(entry: SourceRecord[] | Error | undefined): SourceRecord[] {
  if (!Array.isArray(entry)) throw new Error(`expected records, got ${entry instanceof Error ? entry.message : String(entry)}`);
  return entry;
}
