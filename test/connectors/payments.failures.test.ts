import type { Connector } from '../../src/sources/Connector';
import { SourceUnavailableError, TransientSourceError } from '../../src/errors';
import type { PaymentsFixture } from './paymentsFixture';
import { asRecords, customer, expectClean, failure, messages, startPaymentsFixture } from './paymentsFixture';

/**
 * How the payments connector reports a processor that refuses, stalls or breaks: reads as
 * SOURCE_UNAVAILABLE, DSR actions as transient (retried) or permanent, never with the body,
 * the key or an id in the message.
 */
let fx: PaymentsFixture;
let connector: Connector;

beforeAll(async () => {
  fx = await startPaymentsFixture();
  connector = fx.connector();
  await fx.seedCustomer({ id: 'cus_order_a', name: 'Ann Order', payments: [{ yearsAgo: 2 }] });
});
afterAll(async () => {
  await connector.close();
  await fx.processor.stop();
});
beforeEach(() => {
  fx.processor.faults.clear();
  fx.processor.stats.reset();
});

const SEARCH = 'POST /v1/payments/search';

describe('the API key', () => {
  it('is required by the processor, and a refused key is not retried', async () => {
    expect((await fx.api('/v1/customers/cus_order_a', { apiKey: null })).status).toBe(401);
    const wrong = await fx.api('/v1/customers/cus_order_a', { apiKey: 'sk_wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { type: 'authentication_error', message: expect.stringContaining('expected Authorization: Bearer') } });
    const connectorWithWrongKey = fx.connector({ apiKey: 'sk_wrong' });
    const read = await failure(connectorWithWrongKey.findByIdentities([customer('cus_order_a')]));
    expect(read).toBeInstanceOf(SourceUnavailableError);
    expect(messages(read)).toContain('401');
    const write = await failure(connectorWithWrongKey.erase({ identities: [customer('cus_order_a')], action: 'delete', holds: [], now: new Date() }));
    expect(write).toBeInstanceOf(SourceUnavailableError);
    expect(write).not.toBeInstanceOf(TransientSourceError);
    await expect(connectorWithWrongKey.health()).rejects.toBeInstanceOf(SourceUnavailableError);
    expectClean(read, 'sk_wrong', 'cus_order_a');
    expectClean(write, 'sk_wrong', 'cus_order_a');
  });

  it('is refused at construction when missing, and a baseUrl carrying credentials is refused', () => {
    expect(() => fx.connector({ apiKey: '' })).toThrow(/expected apiKey to be a non-empty string/);
    expect(() => fx.connector({ baseUrl: 'http://user:secret@127.0.0.1:1' })).toThrow(TypeError);
    expect(() => fx.connector({ baseUrl: 'not a url' })).toThrow(/expected baseUrl/);
  });
});

describe('failures', () => {
  const key = [customer('cus_order_a')];
  const subject = { identities: key };

  it('times out a slow processor fast, as SOURCE_UNAVAILABLE for a read and transient for a write', async () => {
    const quick = fx.connector({ timeoutMs: 150 });
    fx.processor.faults.set({ delayMs: 3000 });
    const started = Date.now();
    const read = await failure(quick.findByIdentities(key));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(read).toBeInstanceOf(SourceUnavailableError);
    expect(read.cause).toBeInstanceOf(TransientSourceError);
    expect(messages(read)).toMatch(/expected an answer to POST \/v1\/payments\/search (within 150 ms|before the caller's deadline), got none/);
    expect(await failure(quick.restrict(subject, true))).toBeInstanceOf(TransientSourceError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('maps a 500 to SOURCE_UNAVAILABLE on reads and a transient error on writes', async () => {
    fx.processor.faults.set({ status: 500 });
    const read = await failure(connector.findByIdentities(key));
    expect(read).toBeInstanceOf(SourceUnavailableError);
    expect(read.cause).toBeInstanceOf(TransientSourceError);
    expect(messages(read)).toContain('500');
    const write = await failure(connector.erase({ ...subject, action: 'delete', holds: [], now: new Date() }));
    expect(write).toBeInstanceOf(TransientSourceError);
    expectClean(read, 'cus_order_a');
    expectClean(write, 'cus_order_a');
  });

  it('maps a 429 to a transient error carrying Retry-After', async () => {
    fx.processor.faults.set({ status: 429, retryAfterSeconds: 7 });
    const read = await failure(connector.findByIdentities(key));
    expect(read).toBeInstanceOf(SourceUnavailableError);
    expect((read.cause as TransientSourceError).retryAfterMs).toBe(7000);
    const write = await failure(connector.purgeRecords(['pay_order_a_0']));
    expect(write).toBeInstanceOf(TransientSourceError);
    expect((write as TransientSourceError).retryAfterMs).toBe(7000);
    expectClean(read);
    expectClean(write, 'pay_order_a_0');
  });

  it.each([
    ['a connection closed mid-body', { closeMidBody: true }],
    ['malformed JSON', { malformedJson: true }],
  ])('maps %s to a transient error, without the body in the message', async (_label, fault) => {
    fx.processor.faults.set(fault);
    const read = await failure(connector.findByIdentities(key));
    expect(read).toBeInstanceOf(SourceUnavailableError);
    expect(read.cause).toBeInstanceOf(TransientSourceError);
    const write = await failure(connector.rectify(subject, { name: 'Ann Corrected' }));
    expect(write).toBeInstanceOf(TransientSourceError);
    expectClean(read, 'cus_order_a', 'pay_order_a_0', 'EUR');
    expectClean(write, 'cus_order_a', 'Ann Corrected', 'EUR');
  });

  it('recovers once a fault has passed, as the worker retry expects', async () => {
    fx.processor.faults.set({ status: 503, times: 1, routes: [SEARCH] });
    await expect(connector.findByIdentities(key)).rejects.toBeInstanceOf(SourceUnavailableError);
    expect(asRecords((await connector.findByIdentities(key))[0])).toHaveLength(1);
  });

  it('fails calls after close', async () => {
    const closing = fx.connector();
    await closing.close();
    await expect(closing.findByIdentities(key)).rejects.toBeInstanceOf(SourceUnavailableError);
  });
});
