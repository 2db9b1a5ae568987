import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Doc, DocumentCollection, DocumentStore } from '../src/store/DocumentStore';
import { createEmbeddedDocumentStore } from '../src/store/EmbeddedDocumentStore';

/**
 * Physical destruction: nedb appends a document's new version (or a deletion marker) and keeps the
 * old line until the file is compacted. An erasure or a rectification has happened only when the
 * old value is gone from the disk, so each destructive write must have rewritten the datafile by
 * the time its promise resolves. The raw bytes are read, as an attacker with the disk would.
 */
const OLD = 'erase-me-7f3a91c2';

interface Case {
  readonly docs: Doc[];
  readonly write: (c: DocumentCollection) => Promise<unknown>;
}

const CASES: Array<[string, Case]> = [
  ['updateOne overwriting a field', { docs: [{ _id: 'a', email: OLD }], write: (c) => c.updateOne({ _id: 'a' }, { $set: { email: 'new@example.com' } }) }],
  ['updateOne unsetting a field', { docs: [{ _id: 'a', email: OLD, n: 1 }], write: (c) => c.updateOne({ _id: 'a' }, { $unset: { email: true } }) }],
  ['updateOne changing another field only', { docs: [{ _id: 'a', email: OLD, n: 1 }], write: (c) => c.updateOne({ _id: 'a' }, { $inc: { n: 1 }, $unset: { email: '' } }) }],
  ['updateMany over several documents', {
    docs: [{ _id: 'a', note: OLD }, { _id: 'b', note: `${OLD}-b` }, { _id: 'c', note: 'keep' }],
    write: (c) => c.updateMany({ note: { $in: [OLD, `${OLD}-b`] } }, { $set: { note: 'redacted' } }),
  }],
  ['findOneAndUpdate', { docs: [{ _id: 'a', email: OLD, state: 'open' }], write: (c) => c.findOneAndUpdate({ state: 'open' }, { $set: { state: 'done', email: null } }) }],
  ['a nested field inside an array of objects', {
    docs: [{ _id: 'a', contacts: [{ name: 'June', phone: OLD }, { name: 'Josh', phone: '111' }] }],
    write: (c) => c.updateOne({ 'contacts.phone': OLD }, { $set: { 'contacts.0.phone': null } }),
  }],
  ['bulkUpdate, each document its own values', {
    docs: [{ _id: 'a', email: OLD }, { _id: 'b', email: `${OLD}-b` }, { _id: 'c', email: 'keep' }],
    write: (c) => c.bulkUpdate([{ filter: { _id: 'a' }, update: { $set: { email: 'h1' } } }, { filter: { _id: 'b' }, update: { $unset: { email: true } } }]),
  }],
  ['deleteOne', { docs: [{ _id: 'a', email: OLD }, { _id: 'b', email: 'other' }], write: (c) => c.deleteOne({ email: OLD }) }],
  ['deleteMany', { docs: [{ _id: 'a', email: OLD }, { _id: 'b', email: `${OLD}-b` }, { _id: 'c' }], write: (c) => c.deleteMany({ _id: { $in: ['a', 'b'] } }) }],
];

describe('embedded store: a destructive write leaves no superseded version on disk', () => {
  let dir: string;
  let store: DocumentStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pg-erasure-'));
    store = createEmbeddedDocumentStore({ dir });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const datafile = async (name: string): Promise<Buffer> => readFile(path.join(dir, `${name}.db`));

  it.each(CASES)('%s', async (_label, { docs, write }) => {
    const c = store.collection('people');
    await c.createIndex({ email: 1 });
    await c.insertMany(docs);
    expect((await datafile('people')).includes(OLD)).toBe(true); // the check below can fail
    await write(c);
    const bytes = await datafile('people');
    expect(bytes.includes(OLD)).toBe(false);
    // What was not destroyed is still there, on disk and after a reopen.
    const left = await c.find({});
    await store.close();
    store = createEmbeddedDocumentStore({ dir });
    expect(await store.collection('people').find({})).toEqual(left);
  });

  it('does not rewrite the file for a write that replaced nothing', async () => {
    const c = store.collection('people');
    await c.insertOne({ _id: 'a', email: 'same' });
    const before = await datafile('people');
    await c.updateOne({ _id: 'a' }, { $set: { email: 'same' } });
    await c.deleteMany({ email: 'nobody' });
    expect((await datafile('people')).equals(before)).toBe(true);
  });
});
