import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEmbeddedDocumentStore } from '../src/store/EmbeddedDocumentStore';

/**
 * The embedded store's files hold personal data: its directory is 0700 and every file in it 0600,
 * whatever the process umask — including the files nedb creates anew on each compaction (a temp
 * file renamed over the datafile) and after a drop.
 */
let root: string;
let umask: number;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pg-perms-'));
  umask = process.umask(0o000); // the most permissive: nothing taken away from what is asked for
});
afterEach(async () => {
  process.umask(umask);
  await rm(root, { recursive: true, force: true });
});

/** Every entry under `dir` (itself included) with its permission bits. */
async function modes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = { '.': ((await stat(dir)).mode & 0o777).toString(8) };
  for (const name of await readdir(dir)) out[name] = ((await stat(path.join(dir, name))).mode & 0o777).toString(8);
  return out;
}

it('creates the directory 0700 and every file 0600, through writes, compactions and a drop', async () => {
  const dir = path.join(root, 'data', 'state');
  const store = createEmbeddedDocumentStore({ dir });
  await store.ping();
  expect(await modes(dir)).toEqual({ '.': '700' });
  const people = store.collection('people');
  await people.createIndex({ email: 1 }, { unique: true });
  await people.insertMany([{ _id: 'a', email: 'a@example.com' }, { _id: 'b', email: 'b@example.com' }]);
  await store.collection('audit').insertOne({ _id: 'e1' });
  expect(await modes(dir)).toEqual({ '.': '700', 'people.db': '600', 'audit.db': '600' });
  await people.updateOne({ _id: 'a' }, { $set: { email: 'c@example.com' } }); // compacts: a new file
  await people.deleteOne({ _id: 'b' });
  expect(await modes(dir)).toEqual({ '.': '700', 'people.db': '600', 'audit.db': '600' });
  expect((await stat(path.join(root, 'data'))).mode & 0o077).toBe(0); // a parent it had to create
  await store.dropAll();
  await store.collection('people').insertOne({ _id: 'z' });
  await store.close();
  expect(await modes(dir)).toEqual({ '.': '700', 'people.db': '600' });
});

it('makes a directory and datafile left with wider modes owner-only when it opens them', async () => {
  const dir = path.join(root, 'old');
  await mkdir(dir, { mode: 0o755 });
  await writeFile(path.join(dir, 'people.db'), '{"_id":"a","email":"a@example.com"}\n', { mode: 0o644 });
  await chmod(dir, 0o755);
  const store = createEmbeddedDocumentStore({ dir });
  expect(await store.collection('people').count({})).toBe(1);
  await store.close();
  expect(await modes(dir)).toEqual({ '.': '700', 'people.db': '600' });
});
