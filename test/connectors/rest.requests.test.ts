import { bodyTemplate } from '../../connectors/rest/bodyTemplate';
import { buildSearchRequest } from '../../connectors/rest/buildSearchRequest';
import { buildWriteRequest } from '../../connectors/rest/buildWriteRequest';
import { correctionNote } from '../../connectors/rest/correctionNote';
import { parseRetryAfter } from '../../connectors/rest/parseRetryAfter';
import { parseSearchEndpoint } from '../../connectors/rest/parseSearchEndpoint';
import { parseWriteEndpoint } from '../../connectors/rest/parseWriteEndpoint';
import { pathTemplate } from '../../connectors/rest/pathTemplate';
import { readSearchPage } from '../../connectors/rest/readSearchPage';

/** The rest kind's request builders and page reader: pure, so tried here without a server. */
const search = (spec: Record<string, unknown>) => parseSearchEndpoint(spec, 'test');
const write = (spec: Record<string, unknown>, method: 'PATCH' | 'DELETE' | 'POST' = 'PATCH') => parseWriteEndpoint(spec, { where: 'test', method, primaryKey: ['id'] });

describe('search requests', () => {
  const paged = { param: 'starting_after', cursor: 'next_cursor', hasMore: 'has_more' };

  it('puts a batch of values in a body array, with the fixed keys and the cursor', () => {
    const endpoint = search({ path: '/v1/payments/search', values: { body: 'customer_ids' }, body: { include_restricted: true, expand: ['customer'] }, page: paged });
    expect(endpoint.method).toBe('POST');
    expect(buildSearchRequest(endpoint, { values: ['cus_a', 'cus_b'] })).toEqual({
      method: 'POST',
      route: 'POST /v1/payments/search',
      path: '/v1/payments/search',
      body: { include_restricted: true, expand: ['customer'], customer_ids: ['cus_a', 'cus_b'] },
    });
    expect(buildSearchRequest(endpoint, { values: ['cus_a'], cursor: 'c2' }).body).toMatchObject({ starting_after: 'c2' });
  });

  it('puts values in a query parameter, comma-joined or repeated, and the cursor in the query of a GET', () => {
    const joined = search({ path: '/v1/customers', values: { query: 'ids' }, query: { expand: ['a', 'b'], limit: 50 }, page: paged });
    expect(joined.method).toBe('GET');
    const request = buildSearchRequest(joined, { values: ['x y', 'z'], cursor: 'c/1' });
    expect(request).toEqual({ method: 'GET', route: 'GET /v1/customers', path: '/v1/customers?expand=a&expand=b&limit=50&ids=x+y%2Cz&starting_after=c%2F1' });
    const repeated = search({ path: '/v1/customers', values: { query: 'id', repeat: true } });
    expect(buildSearchRequest(repeated, { values: ['a', 7] }).path).toBe('/v1/customers?id=a&id=7');
    expect(() => buildSearchRequest(repeated, { values: [{ email: 'x' }] })).toThrow('expected values for the query of GET /v1/customers to be non-empty strings or numbers, got object');
    expect(buildSearchRequest(repeated, { values: ['a,b'] }).path).toBe('/v1/customers?id=a%2Cb');
    expect(() => buildSearchRequest(joined, { values: ['a,b'] })).toThrow('expected values for the comma-joined query of GET /v1/customers without commas, got one with a comma (declare repeat: true)');
  });

  it('makes one call per value on a path template, the value URI-encoded, the route left as written', () => {
    const endpoint = search({ path: '/v1/customers/{value}' });
    expect(endpoint.batch).toBe(1);
    expect(buildSearchRequest(endpoint, { values: ['cus/../x'] })).toEqual({ method: 'GET', route: 'GET /v1/customers/{value}', path: '/v1/customers/cus%2F..%2Fx' });
    expect(() => buildSearchRequest(endpoint, { values: ['a', 'b'] })).toThrow('expected 1 to 1 values for GET /v1/customers/{value}, got 2');
  });

  it('refuses more values than a batch, and none', () => {
    const endpoint = search({ path: '/s', values: { body: 'ids' }, batch: 2 });
    expect(() => buildSearchRequest(endpoint, { values: ['a', 'b', 'c'] })).toThrow('expected 1 to 2 values for POST /s, got 3');
    expect(() => buildSearchRequest(endpoint, { values: [] })).toThrow(/got 0/);
  });
});

describe('write requests', () => {
  const key = (id: string) => ({ id, id_part: id });

  it('fills {id} in the path and the written paths in the body, leaving out what the write does not set', () => {
    const endpoint = write({ path: '/v1/customers/{id}', body: { name: '{name}', restricted: '{restricted}', source: 'gateway' } });
    expect(endpoint.placeholders).toEqual(['name', 'restricted']);
    expect(buildWriteRequest(endpoint, { keys: [key('cus_a')], vars: { name: null } })).toEqual({
      method: 'PATCH',
      route: 'PATCH /v1/customers/{id}',
      path: '/v1/customers/cus_a',
      body: { name: null, source: 'gateway' },
    });
    expect(buildWriteRequest(endpoint, { keys: [key('cus_a')], vars: { restricted: true } }).body).toEqual({ restricted: true, source: 'gateway' });
  });

  it('sends a batch of keys in the body or the query, with the fixed query', () => {
    const body = write({ method: 'POST', path: '/v1/payments/delete', keys: { body: 'ids' }, batch: 3 }, 'DELETE');
    expect(buildWriteRequest(body, { keys: [key('a'), key('b')], vars: {} })).toEqual({ method: 'POST', route: 'POST /v1/payments/delete', path: '/v1/payments/delete', body: { ids: ['a', 'b'] } });
    expect(() => buildWriteRequest(body, { keys: [key('a'), key('b'), key('c'), key('d')], vars: {} })).toThrow('expected 1 to 3 keys for POST /v1/payments/delete, got 4');
    const query = write({ path: '/v1/payments', keys: { query: 'ids' }, query: { hard: true } }, 'DELETE');
    expect(buildWriteRequest(query, { keys: [key('a'), key('b')], vars: {} })).toEqual({ method: 'DELETE', route: 'DELETE /v1/payments', path: '/v1/payments?hard=true&ids=a%2Cb' });
  });

  it('keeps a delete per key without a body, with its fixed query', () => {
    const endpoint = write({ path: '/v1/customers/{id}', query: { cascade: false } }, 'DELETE');
    expect(buildWriteRequest(endpoint, { keys: [key('cus_a')], vars: {} })).toEqual({ method: 'DELETE', route: 'DELETE /v1/customers/{id}', path: '/v1/customers/cus_a?cascade=false' });
  });
});

describe('templates', () => {
  it('keeps JSON types of whole-string placeholders, and leaves other strings as written', () => {
    expect(bodyTemplate.fill({ a: '{a}', b: ['{b}', '{c}', 'x {a}'], n: 1 }, { a: false, b: 2 })).toEqual({ a: false, b: [2, 'x {a}'], n: 1 });
    expect(bodyTemplate.fill('{ids}', {})).toBeUndefined();
    expect(bodyTemplate.placeholders({ a: '{a}', b: [{ c: '{c}' }], d: 'd' })).toEqual(['a', 'c']);
  });

  it('refuses a path value that is not an id, by type only', () => {
    expect(pathTemplate.placeholders('/a/{id}/b/{part}')).toEqual(['id', 'part']);
    expect(() => pathTemplate.fill('/a/{id}', { id: '' })).toThrow('expected {id} of /a/{id} to be a non-empty string or a number, got an empty string');
    expect(() => pathTemplate.fill('/a/{id}', { id: { secret: 'alice@example.com' } })).toThrow(/got object$/);
    expect(() => pathTemplate.fill('/a/{id}/b', { id: '..' })).toThrow('expected {id} of /a/{id}/b to be a non-empty string or a number, got a dot segment');
    expect(pathTemplate.fill('/a/{id}', { id: '...' })).toBe('/a/...');
  });
});

describe('search pages', () => {
  const endpoint = search({ path: '/s', values: { body: 'ids' }, results: 'data', page: { param: 'after', cursor: 'meta.next', hasMore: 'meta.more' } });

  it('reads the rows and the next cursor at the declared paths', () => {
    expect(readSearchPage(endpoint, { data: [{ id: 1 }], meta: { next: 'c1', more: true } }, null)).toEqual({ rows: [{ id: 1 }], next: 'c1' });
    expect(readSearchPage(endpoint, { data: [{ id: 1 }], meta: { next: 'c1', more: false } }, null).next).toBeNull();
    expect(readSearchPage(endpoint, { data: null }, null)).toEqual({ rows: [], next: null });
  });

  it('takes the last row\'s key as the cursor, Stripe-style, and one object as one row', () => {
    const lists = search({ path: '/c/{value}/p', results: 'data', page: { param: 'starting_after', lastRow: 'id', hasMore: 'has_more' } });
    expect(readSearchPage(lists, { data: [{ id: 'p1' }, { id: 'p2' }], has_more: true }, null).next).toBe('p2');
    expect(readSearchPage(search({ path: '/c/{value}' }), { id: 'c1' }, null)).toEqual({ rows: [{ id: 'c1' }], next: null });
  });

  it.each([
    [{ rows: [] }, 'expected rows at "data", got nothing there'],
    [{ data: [{ id: 1 }, 'alice@example.com'] }, 'expected rows (objects) at "data", got string'],
    [{ data: [{ id: 1 }], meta: { more: 'yes' } }, 'expected a boolean at "meta.more", got string'],
    [{ data: [{ id: 1 }], meta: { more: true } }, 'expected a cursor when "meta.more" is true, got none'],
    [{ data: [{ id: 1 }], meta: { more: true, next: 'same' } }, 'expected the cursor to advance, got the same cursor twice'],
  ])('refuses a page of the wrong shape, saying what by type only %#', (body, message) => {
    expect(() => readSearchPage(endpoint, body, 'same')).toThrow(message);
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('correction notes', () => {
  it('name the corrected fields, never their values', () => {
    const note = correctionNote({ name: 'Alice A. Anderson', email: 'alice.anderson@example.com' });
    expect(note).toBe('Data-subject rectification: name, email corrected. This record cannot be changed and is kept as made.');
    expect(correctionNote({})).toBeNull();
  });
});
