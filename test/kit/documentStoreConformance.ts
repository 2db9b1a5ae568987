import type { Doc, DocumentCollection, DocumentStore } from '../../src/store/DocumentStore';
import { DuplicateKeyError } from '../../src/store/DocumentStore';
import { FILTER_CASES, FIXTURE } from './documentStoreFilterCases';
import { defineDocumentStoreMisuse } from './documentStoreMisuse';
import { defineNestedDocuments } from './documentStoreNested';

/**
 * The document-store conformance suite (STYLE.md habit 9): every adapter runs it, so code tested
 * against the embedded store behaves the same on MongoDB. Each test works in a collection of its
 * own; the store is emptied after the suite.
 */
export function defineDocumentStoreConformance(name: string, open: () => Promise<DocumentStore>): void {
  describe(`document store conformance: ${name}`, () => {
    let store: DocumentStore;
    let counter = 0;
    const fresh = <T extends Doc = Doc>(): DocumentCollection<T> => store.collection<T>(`conf_${Date.now().toString(36)}_${(counter += 1)}`);
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.dropAll();
      await store?.close();
    });

    it('answers ping and names its kind', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      expect(['mongodb', 'embedded']).toContain(store.kind);
    });

    defineRoundTrips(fresh);
    defineFilterSemantics(fresh);
    defineNestedDocuments(fresh);
    defineFindOptions(fresh);
    defineUpdates(fresh);
    defineUniqueIndexes(fresh);
    defineConcurrency(fresh);
    defineIteration(fresh);
    defineDocumentStoreMisuse(fresh, () => store);
  });
}

type Fresh = <T extends Doc = Doc>() => DocumentCollection<T>;
const ids = (docs: readonly Doc[]): string[] => docs.map((d) => d._id);
const sortedIds = (docs: readonly Doc[]): string[] => ids(docs).sort();

function defineRoundTrips(fresh: Fresh): void {
  it('stores and returns every value type the port allows, as copies', async () => {
    const c = fresh();
    const doc = { _id: 'x1', s: 'text', n: 1.5, i: -3, b: false, z: null, d: new Date('2024-02-29T12:00:00.000Z'), a: [1, 'two', { three: 3 }], o: { p: { q: 'deep' } } };
    await c.insertOne(doc);
    const found = await c.findOne({ _id: 'x1' });
    expect(found).toEqual(doc);
    found!.s = 'changed';
    expect((await c.findOne({ _id: 'x1' }))!.s).toBe('text');
    expect(await c.findOne({ _id: 'nope' })).toBeNull();
  });

  it('refuses a duplicate _id with DuplicateKeyError, without quoting the value', async () => {
    const c = fresh();
    await c.insertOne({ _id: 'alice@example.com' });
    const error = await c.insertOne({ _id: 'alice@example.com' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateKeyError);
    expect((error as Error).message).not.toContain('alice@example.com');
  });

  it('inserts many in order, keeping those before a duplicate (MongoDB ordered insert)', async () => {
    const c = fresh();
    await expect(c.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'a' }, { _id: 'c' }])).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(sortedIds(await c.find({}))).toEqual(['a', 'b']);
    await expect(c.insertMany([])).resolves.toBeUndefined();
  });

  it('deletes one or many and reports the count', async () => {
    const c = fresh();
    await c.insertMany([{ _id: 'a', k: 1 }, { _id: 'b', k: 1 }, { _id: 'c', k: 2 }]);
    expect(await c.deleteOne({ k: 1 })).toBe(1);
    expect(await c.count({ k: 1 })).toBe(1);
    expect(await c.deleteMany({ k: { $in: [1, 2] } })).toBe(2);
    expect(await c.deleteMany({})).toBe(0);
    expect(await c.deleteOne({ k: 3 })).toBe(0);
  });
}

function defineFilterSemantics(fresh: Fresh): void {
  describe('filters', () => {
    let c: DocumentCollection;
    beforeAll(async () => {
      c = fresh();
      await c.insertMany(FIXTURE);
    });
    it.each(FILTER_CASES)('%s', async (_label, filter, expected) => {
      expect(sortedIds(await c.find(filter))).toEqual(expected);
      expect(await c.count(filter)).toBe(expected.length);
    });
  });
}

function defineFindOptions(fresh: Fresh): void {
  describe('sort, skip, limit, projection', () => {
    let c: DocumentCollection;
    beforeAll(async () => {
      c = fresh();
      await c.insertMany([...FIXTURE, { _id: 'e', n: 2, s: 'elder' }, { _id: 'f', n: 2, s: 'fig' }]);
    });
    it('sorts ascending with missing first, descending with missing last, ties by _id', async () => {
      expect(ids(await c.find({}, { sort: { n: 1 } }))).toEqual(['d', 'a', 'b', 'e', 'f', 'c']);
      expect(ids(await c.find({}, { sort: { n: -1 } }))).toEqual(['c', 'b', 'e', 'f', 'a', 'd']);
    });
    it('sorts by several keys', async () => {
      expect(ids(await c.find({ n: 2 }, { sort: { n: 1, s: -1 } }))).toEqual(['f', 'e', 'b']);
    });
    it('skips and limits after sorting; limit 0 means no limit', async () => {
      expect(ids(await c.find({}, { sort: { s: -1 }, skip: 1, limit: 2 }))).toEqual(['e', 'd']);
      expect(await c.find({}, { limit: 0 })).toHaveLength(6);
      expect(await c.find({}, { sort: { _id: 1 }, skip: 5 })).toHaveLength(1);
      expect(await c.find({}, { limit: 2 })).toHaveLength(2);
    });
    it('findOne takes the first by sort', async () => {
      expect((await c.findOne({ n: { $exists: true } }, { sort: { n: -1 } }))?._id).toBe('c');
    });
    it('projects included paths, always with _id, through arrays per element', async () => {
      const [a] = await c.find({ _id: 'a' }, { projection: { s: 1, 'nested.k': 1, 'items.sku': 1, missing: 1 } });
      expect(a).toEqual({ _id: 'a', s: 'apple', nested: { k: 1 }, items: [{ sku: 's1' }, { sku: 's2' }] });
      expect(await c.findOne({ _id: 'd' }, { projection: { 'nested.k': 1 } })).toEqual({ _id: 'd', nested: { k: 3 } });
    });
  });
}

function defineUpdates(fresh: Fresh): void {
  it('applies $set (creating parents), $unset, $inc and $push', async () => {
    const c = fresh();
    await c.insertOne({ _id: 'u', a: 1, gone: 'x', n: 5, list: ['p'] });
    const res = await c.updateOne({ _id: 'u' }, { $set: { a: 2, 'b.c': 'new' }, $unset: { gone: true, never: 1 }, $inc: { n: -2, fresh: 3 }, $push: { list: 'q', other: { o: 1 } } });
    expect(res).toEqual({ matched: 1, modified: 1, upsertedId: null });
    expect(await c.findOne({ _id: 'u' })).toEqual({ _id: 'u', a: 2, n: 3, list: ['p', 'q'], b: { c: 'new' }, fresh: 3, other: [{ o: 1 }] });
  });

  it('counts matched and modified apart, and leaves a non-match alone', async () => {
    const c = fresh();
    await c.insertMany([{ _id: '1', g: 'x', v: 1 }, { _id: '2', g: 'x', v: 2 }, { _id: '3', g: 'y', v: 1 }]);
    expect(await c.updateOne({ _id: '1' }, { $set: { v: 1 } })).toEqual({ matched: 1, modified: 0, upsertedId: null });
    expect(await c.updateMany({ g: 'x' }, { $set: { v: 2 } })).toEqual({ matched: 2, modified: 1, upsertedId: null });
    expect(await c.updateOne({ g: 'none' }, { $set: { v: 9 } })).toEqual({ matched: 0, modified: 0, upsertedId: null });
    expect(await c.count({ v: 9 })).toBe(0);
  });

  it('bulkUpdate applies each write in order and sums the counts', async () => {
    const c = fresh();
    await c.insertMany([{ _id: '1', g: 'x', v: 1 }, { _id: '2', g: 'x', v: 2 }, { _id: '3', g: 'y', v: 1 }]);
    const res = await c.bulkUpdate([
      { filter: { _id: '1' }, update: { $set: { v: 10 } } },
      { filter: { g: 'x' }, update: { $inc: { v: 1 } } },
      { filter: { _id: '3' }, update: { $set: { v: 1 } } },
      { filter: { g: 'none' }, update: { $set: { v: 9 } } },
    ]);
    expect(res).toEqual({ matched: 4, modified: 3, upsertedId: null });
    expect(await c.find({}, { sort: { _id: 1 } })).toEqual([{ _id: '1', g: 'x', v: 11 }, { _id: '2', g: 'x', v: 3 }, { _id: '3', g: 'y', v: 1 }]);
    expect(await c.bulkUpdate([])).toEqual({ matched: 0, modified: 0, upsertedId: null });
  });

  it('upserts from the filter equalities, with a string _id', async () => {
    const c = fresh();
    expect(await c.updateOne({ _id: 'k1', kind: 'lease' }, { $set: { v: 1 } }, { upsert: true })).toEqual({ matched: 0, modified: 0, upsertedId: 'k1' });
    expect(await c.findOne({ _id: 'k1' })).toEqual({ _id: 'k1', kind: 'lease', v: 1 });
    const second = await c.updateOne({ kind: 'counter', 'meta.scope': 'a', n: { $gt: 5 } }, { $inc: { n: 1 } }, { upsert: true });
    expect(typeof second.upsertedId).toBe('string');
    expect(await c.findOne({ _id: second.upsertedId! })).toEqual({ _id: second.upsertedId, kind: 'counter', meta: { scope: 'a' }, n: 1 });
    expect(await c.updateOne({ _id: 'k1', kind: 'lease' }, { $set: { v: 2 } }, { upsert: true })).toEqual({ matched: 1, modified: 1, upsertedId: null });
    const made = await c.findOneAndUpdate({ kind: 'made' }, { $set: { v: 3 } }, { upsert: true });
    expect(made).toMatchObject({ kind: 'made', v: 3 });
    expect(typeof made?._id).toBe('string');
  });

  it('findOneAndUpdate returns the first match by sort as it is after the update, or null', async () => {
    const c = fresh();
    await c.insertMany([{ _id: 'j1', p: 2, state: 'ready' }, { _id: 'j2', p: 9, state: 'ready' }]);
    expect(await c.findOneAndUpdate({ state: 'ready' }, { $set: { state: 'taken' }, $inc: { tries: 1 } }, { sort: { p: -1 } }))
      .toEqual({ _id: 'j2', p: 9, state: 'taken', tries: 1 });
    expect(await c.findOneAndUpdate({ state: 'gone' }, { $set: { state: 'x' } })).toBeNull();
  });

  it('rejects an update the stored value cannot take, changing nothing', async () => {
    const c = fresh();
    await c.insertOne({ _id: 't', s: 'text', n: 1 });
    await expect(c.updateOne({ _id: 't' }, { $inc: { s: 1 } })).rejects.toBeInstanceOf(TypeError);
    await expect(c.updateOne({ _id: 't' }, { $push: { s: 1 } })).rejects.toBeInstanceOf(TypeError);
    expect(await c.findOne({ _id: 't' })).toEqual({ _id: 't', s: 'text', n: 1 });
  });
}

function defineUniqueIndexes(fresh: Fresh): void {
  it('enforces unique indexes on insert, update and upsert, idempotently created', async () => {
    const c = fresh();
    await c.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    await c.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    await c.insertMany([{ _id: '1', email: 'dup@example.com' }, { _id: '2', email: 'other@example.com' }]);
    const error = await c.insertOne({ _id: '3', email: 'dup@example.com' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateKeyError);
    expect((error as Error).message).not.toContain('dup@example.com');
    await expect(c.updateOne({ _id: '2' }, { $set: { email: 'dup@example.com' } })).rejects.toBeInstanceOf(DuplicateKeyError);
    await expect(c.updateOne({ _id: '9' }, { $set: { email: 'dup@example.com' } }, { upsert: true })).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(sortedIds(await c.find({}))).toEqual(['1', '2']);
  });

  it('enforces compound unique indexes and refuses one over existing duplicates', async () => {
    const c = fresh();
    await c.insertMany([{ _id: '1', a: 'x', b: 1 }, { _id: '2', a: 'x', b: 2 }]);
    await c.createIndex({ a: 1, b: 1 }, { unique: true });
    await expect(c.insertOne({ _id: '3', a: 'x', b: 1 })).rejects.toBeInstanceOf(DuplicateKeyError);
    await expect(c.createIndex({ a: 1 }, { unique: true })).rejects.toBeInstanceOf(DuplicateKeyError);
    await c.createIndex({ a: 1 });
  });
}

function defineConcurrency(fresh: Fresh): void {
  it('findOneAndUpdate hands each document to exactly one of 20 concurrent claimers', async () => {
    const c = fresh();
    await c.insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: `job${i}`, status: 'free' })));
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      c.findOneAndUpdate({ status: 'free' }, { $set: { status: 'claimed', by: i } }, { sort: { _id: 1 } })));
    const won = claims.filter((d): d is Doc => d !== null);
    expect(won).toHaveLength(5);
    expect(new Set(ids(won)).size).toBe(5);
    expect(await c.count({ status: 'claimed' })).toBe(5);
    for (const doc of won) expect((await c.findOne({ _id: doc._id }))?.by).toBe(doc.by);
  });

  it('applies concurrent $inc and $push without losing any', async () => {
    const c = fresh();
    await c.insertOne({ _id: 'ctr', n: 0, log: [] });
    await Promise.all(Array.from({ length: 50 }, (_, i) => c.updateOne({ _id: 'ctr' }, { $inc: { n: 1 }, $push: { log: i } })));
    const doc = await c.findOne({ _id: 'ctr' });
    expect(doc?.n).toBe(50);
    expect((doc?.log as number[]).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
}

function defineIteration(fresh: Fresh): void {
  describe('iterate', () => {
    let c: DocumentCollection;
    const id = (i: number) => `doc-${String(i).padStart(4, '0')}`;
    beforeAll(async () => {
      c = fresh();
      await c.insertMany(Array.from({ length: 1200 }, (_, i) => ({ _id: id(1199 - i), n: i % 7, even: i % 2 === 0 })));
    });
    it('yields 1 200 documents in _id order, in pages of 500 by default', async () => {
      const seen: string[] = [];
      for await (const doc of c.iterate({})) seen.push(doc._id);
      expect(seen).toEqual(Array.from({ length: 1200 }, (_, i) => id(i)));
    });
    it('follows a filter and a sort across page boundaries', async () => {
      const seen: Doc[] = [];
      for await (const doc of c.iterate({ even: true }, { sort: { n: -1 }, batchSize: 7 })) seen.push(doc);
      expect(seen).toHaveLength(600);
      const expected = [...seen].sort((a, b) => (b.n as number) - (a.n as number) || (a._id < b._id ? -1 : 1));
      expect(ids(seen)).toEqual(ids(expected));
    });
    it('reads page by page: documents deleted mid-iteration are not yielded', async () => {
      const d = fresh();
      await d.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: id(i) })));
      const seen: string[] = [];
      for await (const doc of d.iterate({}, { batchSize: 100 })) {
        if (seen.length === 0) await d.deleteMany({ _id: { $gte: id(150) } });
        seen.push(doc._id);
      }
      expect(seen).toEqual(Array.from({ length: 150 }, (_, i) => id(i)));
    });
  });
}
