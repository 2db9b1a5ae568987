import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createRestDriver } from '../../connectors/rest/createRestDriver';
import { SourceUnavailableError, TransientSourceError } from '../../src/errors';
import type { RestFixture } from './restFixture';
import { REST_API_KEY, failure, messages, paymentsDeclaration, startRestFixture } from './restFixture';

/**
 * How the rest kind reports an API that refuses, stalls or breaks, against the demo processor's
 * fault injection: transient (worth a retry, with the API's Retry-After) or permanent, by class,
 * and never with a body, the key, an id or a name in any message along the cause chain.
 */
let fx: RestFixture;

beforeAll(async () => {
  fx = await startRestFixture();
  await fx.seedCustomer('cus_fail_a', 2, { name: 'Ann Failing' });
});
afterAll(() => fx.stop());
beforeEach(() => {
  fx.processor.faults.clear();
  fx.processor.stats.reset();
});

const read = (driver = fx.driver(), signal?: AbortSignal) => driver.select(fx.collection('payments'), [{ path: 'customerId', values: ['cus_fail_a'] }], { signal });
const SECRETS = [REST_API_KEY, 'cus_fail_a', 'pay_fail_a', 'Ann Failing', 'the processor failed', 'too many requests', '<html>', '"data"'];

function expectClean(error: Error, ...more: string[]): void {
  const text = messages(error);
  for (const secret of [...SECRETS, ...more]) expect(text).not.toContain(secret);
}

it('classifies a 500 as transient, naming the route template and the status', async () => {
  fx.processor.faults.set({ status: 500 });
  const error = await failure(read());
  expect(error).toBeInstanceOf(TransientSourceError);
  expect((error as TransientSourceError).retryAfterMs).toBeUndefined();
  expect(error.message).toBe('payments: expected a 2xx answer to POST /v1/payments/search, got 500');
  expectClean(error);
});

it('classifies a 429 as transient, carrying its Retry-After as the delay', async () => {
  fx.processor.faults.set({ status: 429, retryAfterSeconds: 7 });
  const error = await failure(read());
  expect(error).toBeInstanceOf(TransientSourceError);
  expect((error as TransientSourceError).retryAfterMs).toBe(7000);
  expect(error.message).toContain('429');
  expectClean(error);
});

it('carries a 503\'s Retry-After on a write too', async () => {
  fx.processor.faults.set({ status: 503, retryAfterSeconds: 2, routes: ['POST /v1/payments/delete'] });
  const error = await failure(fx.driver().delete(fx.collection('payments'), [['pay_fail_a_0']]));
  expect(error).toBeInstanceOf(TransientSourceError);
  expect((error as TransientSourceError).retryAfterMs).toBe(2000);
  expectClean(error);
});

it('classifies a refused key (401) as permanent, without the key in any message', async () => {
  const wrong = fx.driver(undefined, 'sk_wrong_key');
  for (const error of [await failure(read(wrong)), await failure(wrong.update(fx.collection('customers'), [['cus_fail_a']], { name: 'Ann Fixed' })), await failure(wrong.ping())]) {
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(error).not.toBeInstanceOf(TransientSourceError);
    expect(messages(error)).toContain('got 401');
    expectClean(error, 'sk_wrong_key', 'Ann Fixed');
  }
});

it('classifies a refused connection as transient', async () => {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as AddressInfo;
      server.close(() => resolve(free));
    });
  });
  const driver = createRestDriver(paymentsDeclaration({ url: `http://127.0.0.1:${port}` }));
  const error = await failure(read(driver));
  expect(error).toBeInstanceOf(TransientSourceError);
  expect(error.message).toBe('payments: expected a complete answer to POST /v1/payments/search, got a network failure');
  expectClean(error);
  await driver.close();
});

it('classifies its own timeout as transient', async () => {
  fx.processor.faults.set({ delayMs: 3000, times: 1 });
  const error = await failure(read(fx.driver((o) => (o.timeoutMs = 100))));
  expect(error).toBeInstanceOf(TransientSourceError);
  expect(error.message).toBe('payments: expected an answer to POST /v1/payments/search within 100 ms, got none');
});

it('classifies the caller\'s abort as transient', async () => {
  fx.processor.faults.set({ delayMs: 3000, times: 1 });
  const error = await failure(read(fx.driver(), AbortSignal.timeout(100)));
  expect(error).toBeInstanceOf(TransientSourceError);
  expect(error.message).toBe('payments: expected an answer to POST /v1/payments/search before the caller\'s deadline, got none');
  const aborted = new AbortController();
  aborted.abort();
  expect(await failure(read(fx.driver(), aborted.signal))).toBeInstanceOf(TransientSourceError);
});

it('classifies a body cut short, or one that is not JSON, as transient, quoting neither', async () => {
  fx.processor.faults.set({ closeMidBody: true, times: 1 });
  const cut = await failure(read());
  expect(cut).toBeInstanceOf(TransientSourceError);
  expectClean(cut);
  fx.processor.faults.set({ malformedJson: true, times: 1 });
  const garbled = await failure(read());
  expect(garbled).toBeInstanceOf(TransientSourceError);
  expect(garbled.message).toMatch(/^payments: expected JSON from POST \/v1\/payments\/search, got \d+ characters that do not parse$/);
  expectClean(garbled);
});

it('classifies an answer the declaration does not describe as permanent, by path and type only', async () => {
  const error = await failure(read(fx.driver((o) => (o.endpoints.payments.search.customerId.results = 'payments'))));
  expect(error).toBeInstanceOf(SourceUnavailableError);
  expect(messages(error)).toContain('expected rows at "payments", got nothing there in the answer to POST /v1/payments/search');
  expectClean(error);
});

it('fails a health check on a 5xx, and every call after close, permanently', async () => {
  const driver = fx.driver();
  fx.processor.faults.set({ status: 503, times: 1 });
  expect(await failure(driver.ping())).toBeInstanceOf(TransientSourceError);
  await driver.ping();
  await driver.close();
  const closed = await failure(read(driver));
  expect(closed).toBeInstanceOf(SourceUnavailableError);
  expect(messages(closed)).toContain('expected an open client for POST /v1/payments/search, got a closed one');
});
