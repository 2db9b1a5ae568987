import { FILTER_CASES, FIXTURE } from '../../../test/kit/documentStoreFilterCases';
import { NESTED_FILTER_CASES, NESTED_FIXTURE } from '../../../test/kit/documentStoreNested';
import type { DocumentCollection, FindOptions } from '../DocumentStore';
import { createEmbeddedDocumentStore } from '../EmbeddedDocumentStore';
import { indexHints } from './indexHints';

const ids = (docs: Array<{ _id: string }>) => docs.map((d) => d._id);

describe('indexHints: which indexed lookups can narrow a scan', () => {
  const indexed = new Set(['_id', 'email', 'phone', 'customerId', 'n']);

  it('uses a top-level string equality or string $in on an indexed field', () => {
    expect(indexHints({ email: 'a@x', total: { $gt: 1 } }, indexed)).toEqual([{ email: 'a@x' }]);
    expect(indexHints({ email: { $eq: 'a@x' } }, indexed)).toEqual([{ email: 'a@x' }]);
    expect(indexHints({ email: { $in: ['a@x', 'b@x'] } }, indexed)).toEqual([{ email: { $in: ['a@x', 'b@x'] } }]);
  });

  it('gives one lookup per branch of a top-level $or whose every branch qualifies', () => {
    const filter = { $or: [{ email: { $in: ['a@x'] } }, { phone: '+1' }, { customerId: { $in: ['c1'] } }], restricted: { $ne: true } };
    expect(indexHints(filter, indexed)).toEqual([{ email: { $in: ['a@x'] } }, { phone: '+1' }, { customerId: { $in: ['c1'] } }]);
  });

  it('looks into a top-level $and for a part that qualifies', () => {
    const identities = { $or: [{ email: { $in: ['a@x'] } }, { phone: '+1' }] };
    expect(indexHints({ $and: [identities, { _id: { $gt: 'ord_9' } }] }, indexed)).toEqual([{ email: { $in: ['a@x'] } }, { phone: '+1' }]);
    expect(indexHints({ $and: [{ name: 'x' }, { customerId: 'c1' }] }, indexed)).toEqual([{ customerId: 'c1' }]);
    expect(indexHints({ $and: [{ name: 'x' }, { total: { $gt: 1 } }] }, indexed)).toBeNull();
  });

  it('gives nothing (scan) for unindexed, dotted, non-string, range or mixed conditions', () => {
    expect(indexHints({ name: 'x' }, indexed)).toBeNull();
    expect(indexHints({ 'email.x': 'x' }, indexed)).toBeNull();
    expect(indexHints({ n: 1 }, indexed)).toBeNull();
    expect(indexHints({ email: { $gt: 'a' } }, indexed)).toBeNull();
    expect(indexHints({ email: { $in: ['a', 1] } }, indexed)).toBeNull();
    expect(indexHints({ $or: [{ email: 'a' }, { name: 'b' }] }, indexed)).toBeNull();
    expect(indexHints({ $or: [{ email: 'a', phone: 'b' }] }, indexed)).toBeNull();
  });
});

describe('an embedded collection with indexes answers as one without', () => {
  let plain: DocumentCollection;
  let withIndexes: DocumentCollection;
  beforeAll(async () => {
    plain = createEmbeddedDocumentStore({ dir: null }).collection('fixture');
    withIndexes = createEmbeddedDocumentStore({ dir: null }).collection('fixture');
    for (const field of ['n', 's', 'tags', 'nested', 'nul', 'items', 'at', 'gender', 'travel_identifiers', 'children', 'owner', 'emergency_contacts']) await withIndexes.createIndex({ [field]: 1 });
    await plain.insertMany([...FIXTURE, ...NESTED_FIXTURE]);
    await withIndexes.insertMany([...FIXTURE, ...NESTED_FIXTURE]);
  });

  const more: Array<[string, Record<string, unknown>]> = [
    ['$or of string lookups', { $or: [{ s: 'apple' }, { tags: { $in: ['y'] } }] }],
    ['$or with a further condition', { $or: [{ s: { $in: ['date', 'zz'] } }, { tags: 'x' }], n: { $exists: true } }],
    ['$or branches meeting one document twice', { $or: [{ s: 'apple' }, { tags: 'x' }] }],
    ['string $in on an array field', { tags: { $in: ['x', 'z'] } }],
    ['empty $in', { s: { $in: [] } }],
    ['$and holding an $or of lookups (an iterate page)', { $and: [{ $or: [{ s: { $in: ['apple', 'cherry'] } }, { tags: 'y' }] }, { _id: { $gt: 'a' } }] }],
    ['a lookup on an array of scalars with a nested condition', { travel_identifiers: { $in: ['A111-11111', 'D111-11111'] }, 'service_request.closed': { $ne: null } }],
    ['a lookup with $elemMatch beside it', { gender: 'female', service_request: { $elemMatch: { employee_id: '2' } } }],
  ];
  const cases = [...FILTER_CASES, ...NESTED_FILTER_CASES].map(([label, filter]) => [label, filter] as [string, Record<string, unknown>]);

  it.each([...cases, ...more])('%s', async (_label, filter) => {
    expect(ids(await withIndexes.find(filter))).toEqual(ids(await plain.find(filter)));
  });

  it('keeps sort, skip, limit and projection on the indexed path', async () => {
    const filter = { $or: [{ s: { $in: ['apple', 'banana', 'cherry'] } }, { tags: 'y' }] };
    const options: FindOptions = { sort: { n: -1 }, skip: 1, limit: 1, projection: { s: 1 } };
    expect(await withIndexes.find(filter, options)).toEqual(await plain.find(filter, options));
    expect(await withIndexes.find(filter, options)).toEqual([{ _id: 'b', s: 'banana' }]);
    expect(ids(await withIndexes.find({ s: { $in: ['date', 'apple', 'cherry'] } }, { limit: 2 }))).toEqual(['a', 'c']);
  });
});
