import { createRestDriver } from '../../connectors/rest/createRestDriver';
import { parseRestOptions } from '../../connectors/rest/parseRestOptions';
import { PAYMENTS_YAML, paymentsDeclaration } from './restFixture';

/**
 * Misuse only: declarations the rest kind refuses at start-up, each with the file, the source
 * and the key named, and what was expected against what came. No server: nothing is called.
 */
const url = 'http://127.0.0.1:9';
const refusal = (change: (o: Record<string, any>) => void): string => {
  try {
    parseRestOptions(paymentsDeclaration({ url, change }));
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return error.message.replace(`${PAYMENTS_YAML}: source "payments"`, '<payments>');
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
  ['an unknown key', (o) => (o.retries = 3), '<payments>: expected keys among url, auth, headers, timeoutMs, health, endpoints, got retries'],
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
  expect(() => createRestDriver({ ...declaration, collections })).toThrow('endpoints.payments.restrict: expected a restrict endpoint only for a collection that declares a restrict flag, got one without');
});

it('requires a search for every reference into a collection', () => {
  const declaration = paymentsDeclaration({ url });
  const edges = [{ fromCollection: 'payments', fromPath: 'customerId', toCollection: 'customers', toPath: 'externalId' }];
  expect(() => createRestDriver({ ...declaration, edges })).toThrow('endpoints.customers.search: expected a search for every identity and reference path (externalId), got id');
});
