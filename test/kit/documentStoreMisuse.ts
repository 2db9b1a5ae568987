import type { Doc, DocumentCollection, DocumentStore } from '../../src/store/DocumentStore';

type Fresh = <T extends Doc = Doc>() => DocumentCollection<T>;

/**
 * Misuse of the document-store port, part of its conformance suite: each call below must be a
 * TypeError that says what was expected — in every adapter, before anything is read or written.
 * (As DataLoader does, misuse gets its own list.)
 */
const BAD_FILTERS: Array<[string, unknown]> = [
  ['$where', { $where: 'this.a == 1' }],
  ['$expr', { $expr: { $eq: ['$a', 1] } }],
  ['$nor', { $nor: [{ a: 1 }] }],
  ['$text', { $text: { $search: 'x' } }],
  ['$regex', { s: { $regex: '^a' } }],
  ['RegExp literal', { s: /^a/ }],
  ['$not', { s: { $not: { $eq: 1 } } }],
  ['$elemMatch not an object', { tags: { $elemMatch: 'x' } }],
  ['empty $elemMatch', { items: { $elemMatch: {} } }],
  ['$elemMatch mixing operators and fields', { items: { $elemMatch: { $gt: 1, sku: 's1' } } }],
  ['$elemMatch with $regex inside', { items: { $elemMatch: { sku: { $regex: '^s' } } } }],
  ['$elemMatch with $where inside', { items: { $elemMatch: { $where: 'true' } } }],
  ['$size', { tags: { $size: 1 } }],
  ['$all', { tags: { $all: ['x'] } }],
  ['$type', { s: { $type: 'string' } }],
  ['undefined value', { email: undefined }],
  ['undefined in $in', { email: { $in: ['a', undefined] } }],
  ['$in not an array', { s: { $in: 'a' } }],
  ['$exists not boolean', { s: { $exists: 1 } }],
  ['$gt null', { n: { $gt: null } }],
  ['$lt boolean', { n: { $lt: true } }],
  ['NaN', { n: NaN }],
  ['empty $or', { $or: [] }],
  ['$and not an array', { $and: { a: 1 } }],
  ['operators mixed with fields', { s: { $eq: 1, x: 2 } }],
  ['empty path segment', { 'a..b': 1 }],
  ['$-segment in a path', { 'a.$b': 1 }],
  ['not an object', 'a == 1'],
  ['null filter', null],
  ['a function value', { s: () => true }],
];

const BAD_UPDATES: Array<[string, unknown]> = [
  ['unknown operator', { $rename: { a: 'b' } }],
  ['$addToSet', { $addToSet: { tags: 'x' } }],
  ['replacement document', { v: 1 }],
  ['no operators', {}],
  ['changing _id', { $set: { _id: 'other' } }],
  ['one path twice', { $set: { a: 1 }, $inc: { a: 1 } }],
  ['a path inside another', { $set: { a: 1, 'a.b': 2 } }],
  ['$inc with a string', { $inc: { n: '1' } }],
  ['$inc with Infinity', { $inc: { n: Infinity } }],
  ['$push $each', { $push: { tags: { $each: ['x'] } } }],
  ['$unset 0', { $unset: { a: 0 } }],
  ['$set undefined', { $set: { a: undefined } }],
  ['$set a $-field', { $set: { a: { $b: 1 } } }],
  ['$set a dotted field name', { $set: { a: { 'b.c': 1 } } }],
  ['$set NaN', { $set: { a: NaN } }],
  ['operand not an object', { $set: 'a' }],
];

const BAD_DOCUMENTS: Array<[string, unknown]> = [
  ['no _id', { a: 1 }],
  ['numeric _id', { _id: 1 }],
  ['empty _id', { _id: '' }],
  ['$-field', { _id: 'x', $a: 1 }],
  ['dotted field', { _id: 'x', 'a.b': 1 }],
  ['bigint', { _id: 'x', v: BigInt(1) }],
  ['function', { _id: 'x', v: () => 1 }],
  ['class instance', { _id: 'x', v: new Map() }],
  ['invalid Date', { _id: 'x', v: new Date('nope') }],
  ['not an object', 'x'],
];

export function defineDocumentStoreMisuse(fresh: Fresh, store: () => DocumentStore): void {
  describe('misuse', () => {
    let c: DocumentCollection;
    beforeAll(async () => {
      c = fresh();
      await c.insertOne({ _id: 'keep', s: 'a', n: 1, tags: ['x'] });
    });
    const expectTypeError = async (promise: Promise<unknown>): Promise<void> => {
      const error = await promise.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/expected .+, got /);
    };

    it.each(BAD_FILTERS)('rejects a filter with %s', async (_label, filter) => {
      await expectTypeError(c.find(filter as never));
      await expectTypeError(c.deleteMany(filter as never));
      expect(() => c.iterate(filter as never)).toThrow(TypeError);
    });

    it.each(BAD_UPDATES)('rejects an update with %s', async (_label, update) => {
      await expectTypeError(c.updateMany({}, update as never));
      await expectTypeError(c.findOneAndUpdate({}, update as never));
      await expectTypeError(c.bulkUpdate([{ filter: {}, update: update as never }]));
    });

    it('rejects a bulkUpdate that is not a list of { filter, update }', async () => {
      await expectTypeError(c.bulkUpdate({} as never));
      await expectTypeError(c.bulkUpdate([null] as never));
      await expectTypeError(c.bulkUpdate([{ filter: { $where: 'x' }, update: { $set: { a: 1 } } }] as never));
    });

    it.each(BAD_DOCUMENTS)('rejects a document with %s', async (_label, doc) => {
      await expectTypeError(c.insertOne(doc as never));
      await expectTypeError(c.insertMany([{ _id: 'fine' }, doc] as never));
      expect(await c.count({ _id: 'fine' })).toBe(0);
    });

    it('rejects bad options and collection names', async () => {
      await expectTypeError(c.find({}, { sort: { n: 2 as never } }));
      await expectTypeError(c.find({}, { limit: -1 }));
      await expectTypeError(c.find({}, { skip: 1.5 }));
      await expectTypeError(c.find({}, { projection: { s: 0 as never } }));
      await expectTypeError(c.find({}, { projection: { a: 1, 'a.b': 1 } }));
      await expectTypeError(c.updateOne({}, { $set: { a: 1 } }, { upsert: 'yes' as never }));
      await expectTypeError(c.createIndex({}));
      expect(() => c.iterate({}, { batchSize: 0 })).toThrow(TypeError);
      for (const name of ['../escape', 'a/b', '', 'system.users', '$cmd', 'x'.repeat(65)]) {
        expect(() => store().collection(name)).toThrow(/expected a collection name/);
      }
    });

    it('left the data untouched', async () => {
      expect(await c.find({})).toEqual([{ _id: 'keep', s: 'a', n: 1, tags: ['x'] }]);
    });
  });
}
