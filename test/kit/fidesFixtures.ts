import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import type { SqlQueryable } from '../../src/sql/SqlClient';
import type { Doc, DocumentStore } from '../../src/store/DocumentStore';

/**
 * Fides' own example systems and datasets, read where they are (never copied into the project):
 * `FIDES_FIXTURES_DIR`, else `shared/fixtures/fides` beside the checkout (`../shared`) or above it,
 * else the workplace's `/work/shared`. A checkout elsewhere still finds them.
 */
export const FIDES_DIR = findFidesDir();

function findFidesDir(): string {
  const configured = process.env.FIDES_FIXTURES_DIR;
  if (configured) return path.resolve(configured);
  const candidates: string[] = [];
  for (let dir = path.resolve(__dirname, '..', '..'); ; dir = path.dirname(dir)) {
    candidates.push(path.join(path.dirname(dir), 'shared', 'fixtures', 'fides'));
    if (path.dirname(dir) === dir) break;
  }
  candidates.push('/work/shared/fixtures/fides');
  return candidates.find((c) => existsSync(path.join(c, 'postgres_sample.sql'))) ?? (candidates[0] as string);
}
export const fidesFile = (name: string): string => path.join(FIDES_DIR, name);

/** `postgres_sample.sql` as single statements (the SQL port runs one per call). */
export function postgresSampleStatements(): string[] {
  return readFileSync(fidesFile('postgres_sample.sql'), 'utf8')
    .split(/;\s*\n/)
    .map((s) => s.split('\n').filter((line) => !line.trim().startsWith('--')).join('\n').trim())
    .filter(Boolean);
}

export async function loadPostgresSample(sql: SqlQueryable): Promise<void> {
  for (const statement of postgresSampleStatements()) await sql.query(statement);
}

/**
 * `mongo_sample.js` is a mongo-shell script: run it in a sandbox whose `db.<collection>.insert`
 * collects the documents (shell helpers `ISODate`, `UUID`, `NumberInt` as plain values), then
 * insert them into the document store with generated `_id`s.
 */
export function mongoSampleDocuments(): Record<string, Array<Record<string, unknown>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  const db = new Proxy({}, {
    get: (_, name: string) => (name === 'createUser' ? () => undefined : { insert: (docs: unknown) => { out[name] = [...(out[name] ?? []), ...(Array.isArray(docs) ? docs : [docs]).map(plain) as Array<Record<string, unknown>>]; } }),
  });
  // Shell helpers, with or without `new`: a UUID instance carries its value, replaced by `plain`.
  class Shell { constructor(readonly value: unknown) {} }
  vm.runInNewContext(readFileSync(fidesFile('mongo_sample.js'), 'utf8'), {
    db,
    ISODate: function ISODate(text: string) { return new Shell(new Date(text).toISOString()); },
    UUID: function UUID(text: string) { return new Shell(text); },
    ObjectId: function ObjectId(text: string) { return new Shell(text); },
    NumberInt: (n: number) => n,
  });
  return out;
}

export async function loadMongoSample(store: DocumentStore): Promise<Record<string, Array<Record<string, unknown>>>> {
  const docs = mongoSampleDocuments();
  for (const [name, list] of Object.entries(docs)) {
    await store.collection<Doc>(name).insertMany(list.map((d, i) => ({ _id: `${name}_${i + 1}`, ...d }) as Doc));
  }
  return docs;
}

/** Shell values (ISODate, UUID) as the strings they stand for; documents and arrays as plain data. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Object.getPrototypeOf(value) !== Object.prototype && 'value' in value) return (value as { value: unknown }).value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}
