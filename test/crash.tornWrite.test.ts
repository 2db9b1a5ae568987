import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDocumentStore } from '../src/store/createDocumentStore';
import { trimTornTail } from '../src/store/embedded/trimTornTail';

/**
 * A process killed in the middle of an append leaves the datafile's last line cut off. The
 * embedded store must open again with every complete document (the cut one was never
 * acknowledged), even when the file is small enough that one bad line is over nedb's
 * corruption threshold.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pg-torn-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes two documents without closing (as a killed process leaves them), then half of a third. */
async function tornCollection(name: string): Promise<string> {
  const store = createDocumentStore({ dir });
  const c = store.collection(name);
  await c.insertOne({ _id: 'a', n: 1 });
  await c.insertOne({ _id: 'b', n: 2 });
  const file = path.join(dir, `${name}.db`);
  const line = JSON.stringify({ _id: 'c', n: 3, note: 'never acknowledged' });
  appendFileSync(file, line.slice(0, Math.floor(line.length / 2)));
  return file;
}

it('opens a small collection whose last append was cut off, without the cut document', async () => {
  await tornCollection('legal_holds');
  const reopened = createDocumentStore({ dir });
  try {
    expect(await reopened.collection('legal_holds').find({}, { sort: { _id: 1 } })).toEqual([{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }]);
    // Writes go on as normal, on lines of their own.
    await reopened.collection('legal_holds').insertOne({ _id: 'd', n: 4 });
  } finally {
    await reopened.close();
  }
  const again = createDocumentStore({ dir });
  try {
    expect((await again.collection('legal_holds').find({}, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['a', 'b', 'd']);
  } finally {
    await again.close();
  }
});

it('trims only an unterminated last line that does not parse', async () => {
  const file = path.join(dir, 'x.db');
  expect(await trimTornTail(file)).toBe(false); // no file yet
  writeFileSync(file, '{"_id":"a"}\n{"_id":"b"}\n');
  expect(await trimTornTail(file)).toBe(false);
  writeFileSync(file, '{"_id":"a"}\n{"_id":"b"}');
  expect(await trimTornTail(file)).toBe(false); // complete, only the newline missing: kept
  expect(readFileSync(file, 'utf8')).toBe('{"_id":"a"}\n{"_id":"b"}');
  writeFileSync(file, '{"_id":"a"}\n{"_id":"b"}\n{"_id":"c","lo');
  expect(await trimTornTail(file)).toBe(true);
  expect(readFileSync(file, 'utf8')).toBe('{"_id":"a"}\n{"_id":"b"}\n');
  writeFileSync(file, '{"_id":"onl');
  expect(await trimTornTail(file)).toBe(true);
  expect(readFileSync(file, 'utf8')).toBe('');
});

it('finds the start of a torn line longer than one read chunk', async () => {
  const file = path.join(dir, 'big.db');
  const big = JSON.stringify({ _id: 'big', text: 'x'.repeat(200_000) });
  writeFileSync(file, `{"_id":"a"}\n${big.slice(0, 150_000)}`);
  expect(await trimTornTail(file)).toBe(true);
  expect(readFileSync(file, 'utf8')).toBe('{"_id":"a"}\n');
});

it('leaves corruption that is not a torn tail to nedb, which still refuses a mostly corrupt file', async () => {
  const file = path.join(dir, 'broken.db');
  writeFileSync(file, '{"_id":"a"}\nnot json at all\n{"_id":"b"}\n');
  expect(await trimTornTail(file)).toBe(false);
  const store = createDocumentStore({ dir });
  await expect(store.collection('broken').find({})).rejects.toThrow(/corrupt/);
});
