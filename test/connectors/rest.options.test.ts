import { createRestDriver } from '../../connectors/rest/createRestDriver';
import { parseRestOptions } from '../../connectors/rest/parseRestOptions';
import { restKind } from '../../connectors/rest/restKind';
import { DeclarationError } from '../../src/sources/declarations/DeclarationError';
import { kindContext, paymentsDeclaration } from './restFixture';

/**
 * Misuse only: declarations the rest kind refuses at start-up, each with the file, the source
 * and the key named, and what was expected against what came. No server: nothing is called.
 */
const url = 'http://127.0.0.1:9';
const refusal = (change: (o: Record<string, any>) => void): string => {
  try {
    parseRestOptions(paymentsDeclaration({ url, change }));
  } catch (error) {
    if (!(error instanceof DeclarationError)) throw error;
    expect(error.file).toBe('sources/demo.yaml');
    return error.message.replace('sources/demo.yaml: sources.payments', '<payments>');
  }
  throw new Error('expected the declaration to be refused');
};

it('reads the shipped declaration: the auth header from the environment, the API root without its slash', () => {
  const options = parseRestOptions(paymentsDeclaration({ url: `${url}/`, apiKey: 'sk_x' }));
  expect(options.url).toBe(url);
  expect(options.headers).toEqual({ Authorization: 'Bearer sk_x' });
  expect(options.health).toEqual({ method: 'GET', path: '/health' });
  expect(Object.keys(options.collections)).toEqual(['payments', 'customers']);
  expect(options.collections.customers?.update?.placeholders).toEqual(['name', 'restricted']);
});

it.each<[string, (o: Record<string, any>) => void, string]>([
  ['an unknown key', (o) => (o.retries = 3), '<payments>.retries: expected a key of kind rest (kind, url, description, dataset, collections, maxHops, auth, headers, timeoutMs, health, endpoints, …), got an unknown key'],
  ['no health check', (o) => delete o.health, '<payments>.health: expected a health endpoint (a path answering 2xx when the API is up), got none'],
  ['a URL with credentials', (o) => (o.url = 'http://user:pw@127.0.0.1:9'), '<payments>.url: expected a URL without credentials, query or fragment (credentials go in auth), got a URL with them'],
  ['a URL that is not one', (o) => (o.url = 'ftp://x'), '<payments>.url: expected an http(s) URL, got protocol ftp:'],
  ['an unexpanded variable', (o) => (o.auth.value = 'Bearer ${PAYMENTS_API_KEY}'), '<payments>.auth.value: expected a value with its ${VAR} expanded from the environment, got an unexpanded reference'],
  ['a timeout of 0', (o) => (o.timeoutMs = 0), '<payments>.timeoutMs: expected a whole number from 1 to 600000, got 0'],
  ['a collection without endpoints', (o) => delete o.endpoints.customers, '<payments>.endpoints: expected endpoints for every collection (customers), got payments'],
  ['endpoints of no collection', (o) => (o.endpoints.refunds = {}), '<payments>.endpoints.refunds: expected collections of the source (payments, customers), got "refunds"'],
  ['an identity the API cannot be searched by', (o) => delete o.endpoints.payments.search.customerId, '<payments>.endpoints.payments.search: expected a search for every identity and reference path (customerId), got id'],
  ['values both in the body and the path', (o) => (o.endpoints.payments.search.id.values = { body: 'ids' }), '<payments>.endpoints.payments.search.id.values: expected no values key with {value} in the path (one call per value), got one'],
  ['values in neither', (o) => delete o.endpoints.payments.search.customerId.values, '<payments>.endpoints.payments.search.customerId: expected values ({ body: key } or { query: key }), or {value} in the path, got neither'],
  ['a body on a GET', (o) => (o.endpoints.payments.search.customerId.method = 'get'), '<payments>.endpoints.payments.search.customerId.method: expected a method with a body (POST, PUT, PATCH) for a body, got GET'],
  ['a batch of 0', (o) => (o.endpoints.payments.search.customerId.batch = 0), '<payments>.endpoints.payments.search.customerId.batch: expected a whole number from 1 to 10000, got 0'],
  ['paging with two cursors', (o) => (o.endpoints.payments.search.customerId.page.lastRow = 'id'), '<payments>.endpoints.payments.search.customerId.page: expected exactly one of cursor (a response path), lastRow (a row path), got both or neither'],
  ['an unknown path placeholder', (o) => (o.endpoints.customers.delete.path = '/v1/customers/{email}'), '<payments>.endpoints.customers.delete.path: expected placeholders among {id}, got {email}'],
  ['a restrict body without the flag', (o) => (o.endpoints.payments.restrict.body = { restricted: true }), '<payments>.endpoints.payments.restrict.body: expected a body carrying "{restricted}", got none'],
  ['an annotation without the note', (o) => (o.endpoints.payments.annotate.body = { text: '{text}' }), '<payments>.endpoints.payments.annotate.body: expected a body carrying "{note}", got "{text}"'],
  ['a write by GET', (o) => (o.endpoints.customers.update.method = 'GET'), '<payments>.endpoints.customers.update.method: expected a method that writes (POST, PUT, PATCH, DELETE), got GET'],
])('refuses %s', (_, change, message) => {
  expect(refusal(change)).toBe(message);
});

it('never shows a header value, even a malformed one', () => {
  const message = refusal((o) => (o.headers = { 'X-Trace': 'sk_secret\r\nInjected: 1' }));
  expect(message).toBe('<payments>.headers.X-Trace: expected a header value on one line, got one with a line break or NUL');
  expect(message).not.toContain('sk_secret');
});

it('refuses a restrict endpoint for a collection with no restrict flag', () => {
  const declaration = paymentsDeclaration({ url });
  const collections = declaration.collections.map((c) => (c.name === 'payments' ? { ...c, restrictFlag: null } : c));
  expect(() => createRestDriver({ ...declaration, collections })).toThrow('sources/demo.yaml: sources.payments.endpoints.payments.restrict: expected a restrict endpoint only for a collection that declares a restrict flag, got one without');
});

it('requires a primary key (the rest kind defaults it to id)', () => {
  const declaration = paymentsDeclaration({ url });
  const collections = declaration.collections.map((c) => ({ ...c, primaryKey: [] }));
  expect(() => createRestDriver({ ...declaration, collections })).toThrow('sources/demo.yaml: sources.payments.endpoints.payments: expected a primaryKey for collection payments (the path of each record\'s id), got none');
});

it('requires a search for every reference into a collection', () => {
  const declaration = paymentsDeclaration({ url });
  const edges = [{ fromCollection: 'payments', fromPath: 'customerId', toCollection: 'customers', toPath: 'externalId' }];
  expect(() => createRestDriver({ ...declaration, edges })).toThrow('sources/demo.yaml: sources.payments.endpoints.customers.search: expected a search for every identity and reference path (externalId), got id');
});

describe('writes the engine will ask for', () => {
  const open = (change: (o: Record<string, any>) => void) => restKind.open(paymentsDeclaration({ url, change }), kindContext);

  it('opens the shipped declaration without a call, as a connector of the engine', async () => {
    const connector = await open(() => undefined);
    expect(connector.collections.map((c) => [c.subjectField, c.recordType])).toEqual([['payments', 'PaymentRecord'], ['paymentCustomers', 'PaymentCustomer']]);
    expect(connector.collections[0]?.fields).toEqual({ id: null, source: null, createdAt: null, amount: 'payment.transaction', currency: 'payment.transaction', status: 'payment.transaction', cardLast4: 'payment.card' });
    expect(connector.collections[1]?.fields).toEqual({ id: 'identity.customer_id', source: null, name: 'identity.name', createdAt: null });
    expect(connector.queryableBy).toEqual(['CUSTOMER_ID']);
    expect(connector.profileFields).toEqual(['name']);
    expect(connector.capabilities).toEqual(expect.arrayContaining(['read', 'export', 'delete', 'rectify', 'restrict']));
    await connector.close();
  });

  it.each<[string, (o: Record<string, any>) => void, string]>([
    ['an erasure with no delete', (o) => delete o.endpoints.payments.delete, '<payments>.endpoints.payments.delete: expected a delete endpoint (an erasure deletes its records), got none'],
    ['a restrict flag nothing writes', (o) => delete o.endpoints.payments.restrict, '<payments>.endpoints.payments.restrict: expected a restrict endpoint, or an update whose body carries "{restricted}" (blocking and holds set its restrict flag), got neither'],
    ['a profile value nothing overwrites', (o) => (o.endpoints.customers.update.body = { restricted: '{restricted}' }), '<payments>.endpoints.customers.update: expected an update whose body carries "{name}" (rectification overwrites its profile values), got one that writes restricted'],
    ['a depersonalization nothing writes', (o) => (o.collections.payments.erasure = 'depersonalize'), '<payments>.endpoints.payments.update: expected an update whose body carries "{amount}", "{currency}", "{status}", "{cardLast4}", "{customerId}" (an erasure depersonalizes its records), got none'],
  ])('refuses %s at start-up', async (_, change, message) => {
    const error = await open(change).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DeclarationError);
    expect((error as Error).message.replace('sources/demo.yaml: sources.payments', '<payments>')).toBe(message);
  });
});
