import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDocumentStore } from '../src/store/createDocumentStore';
import { DuplicateKeyError } from '../src/store/DocumentStore';
import { createEmbeddedDocumentStore } from '../src/store/EmbeddedDocumentStore';
import { defineDocumentStoreConformance } from './kit/documentStoreConformance';

/** What only the embedded adapter promises: its data survives a restart, under `dir`. */
describe('embedded document store on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pg-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps documents, updates, deletions and unique indexes across close and reopen', async () => {
    const first = createEmbeddedDocumentStore({ dir });
    const requests = first.collection('requests');
    await requests.createIndex({ idempotencyKey: 1 }, { unique: true });
    await requests.insertMany([
      { _id: 'r1', idempotencyKey: 'k1', status: 'PENDING', at: new Date('2024-05-01T00:00:00Z') },
      { _id: 'r2', idempotencyKey: 'k2', status: 'PENDING' },
    ]);
    await requests.updateOne({ _id: 'r1' }, { $set: { status: 'COMPLETED' }, $push: { log: 'done' } });
    await requests.deleteOne({ _id: 'r2' });
    await first.collection('audit').insertOne({ _id: 'e1' });
    await first.close();
    expect((await readdir(dir)).sort()).toEqual(['audit.db', 'requests.db']);

    const second = createEmbeddedDocumentStore({ dir });
    const reopened = second.collection('requests');
    expect(await reopened.find({})).toEqual([{ _id: 'r1', idempotencyKey: 'k1', status: 'COMPLETED', at: new Date('2024-05-01T00:00:00Z'), log: ['done'] }]);
    await expect(reopened.insertOne({ _id: 'r3', idempotencyKey: 'k1' })).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(await second.collection('audit').count({})).toBe(1);
    await second.close();
  });

  it('drops every collection, opened or not, and refuses work once closed', async () => {
    const first = createEmbeddedDocumentStore({ dir });
    await first.collection('a').insertOne({ _id: '1' });
    await first.close();
    const store = createEmbeddedDocumentStore({ dir });
    await store.collection('b').insertOne({ _id: '2' });
    await store.dropAll();
    expect(await readdir(dir)).toEqual([]);
    expect(await store.collection('a').count({})).toBe(0);
    await store.ping();
    await store.close();
    await expect(store.collection('a').count({})).rejects.toThrow(/expected an open document store/);
    await expect(store.ping()).rejects.toThrow(/expected an open document store/);
  });

  it('writes nothing to disk in memory mode', async () => {
    const store = createEmbeddedDocumentStore({ dir: null });
    await store.collection('x').insertOne({ _id: '1' });
    expect(await store.collection('x').count({})).toBe(1);
    await store.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it('is what createDocumentStore picks without a MongoDB URL', async () => {
    const embedded = createDocumentStore({ mongodbUrl: '', dir });
    expect(embedded.kind).toBe('embedded');
    await embedded.close();
    const mongo = createDocumentStore({ mongodbUrl: 'mongodb://127.0.0.1:1/never', dir });
    expect(mongo.kind).toBe('mongodb');
    await mongo.close();
  });
});

// The whole suite once more against files, so persistence-backed writes take the same paths.
describe('on disk', () => {
  let dir: string;
  defineDocumentStoreConformance('embedded (on disk)', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pg-store-conf-'));
    return createEmbeddedDocumentStore({ dir });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
});
