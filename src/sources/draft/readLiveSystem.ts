import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqlClient } from '../../sql/createSqlClient';
import { createDocumentStore } from '../../store/createDocumentStore';
import { DraftError } from './DraftError';
import { listDocumentCollections } from './listDocumentCollections';
import type { DraftArgs } from './parseDraftArgs';
import { readDocumentSystem } from './readDocumentSystem';
import { readSqlSystem } from './readSqlSystem';
import type { SystemShape } from './SystemShape';

/**
 * Opens the system the arguments name, reads its shape, and closes it. An embedded directory
 * (PGlite, the embedded document store) belongs to one process — a gateway may be running on it,
 * and opening it can rewrite its files — so it is read from a copy, never in place.
 */
export async function readLiveSystem(args: DraftArgs): Promise<SystemShape> {
  if (args.kind === 'mongodb') return readDocuments(args);
  const embedded = args.url?.match(/^pglite:\/\/(.+)$/i)?.[1];
  if (embedded !== undefined && !existsSync(path.join(embedded, 'PG_VERSION'))) throw new DraftError(`expected pglite://<dir> to name a PGlite data directory (one holding PG_VERSION), got ${JSON.stringify(embedded)}`);
  return withCopy(embedded ?? null, async (copy) => {
    const sql = createSqlClient(copy === null ? { url: String(args.url), max: 1, connectTimeoutMs: 5_000 } : { url: `pglite://${copy}` });
    try {
      return await readSqlSystem(sql, { dialect: args.kind === 'mysql' ? 'mysql' : 'postgres', schema: args.schema, tables: args.tables, sample: args.sample });
    } finally {
      await sql.close().catch(() => undefined);
    }
  });
}

async function readDocuments(args: DraftArgs): Promise<SystemShape> {
  if (args.url !== null && args.database === null) throw new DraftError('expected a mongodb:// URL that names a database (mongodb://host:27017/<database>), got none');
  const listed = args.dir !== null ? await listDocumentCollections({ dir: args.dir }) : await listDocumentCollections({ url: String(args.url), database: String(args.database) });
  const missing = (args.tables ?? []).filter((t) => !listed.includes(t));
  if (missing.length > 0) throw new DraftError(`expected collections of ${args.database ?? args.dir} (${listed.join(', ') || 'it has none'}), got ${missing.map((t) => JSON.stringify(t)).join(', ')}`);
  const collections = args.tables ? listed.filter((c) => args.tables?.includes(c)) : listed;
  return withCopy(args.dir, async (copy) => {
    const store = createDocumentStore(copy === null ? { mongodbUrl: args.url, dbName: String(args.database), dir: null } : { dir: copy });
    try {
      return await readDocumentSystem(store, { database: args.database ?? path.basename(path.resolve(String(args.dir))), collections, sample: args.sample });
    } finally {
      await store.close().catch(() => undefined);
    }
  });
}

async function withCopy<T>(dir: string | null, read: (copy: string | null) => Promise<T>): Promise<T> {
  if (dir === null) return read(null);
  const copy = mkdtempSync(path.join(os.tmpdir(), 'draft-source-'));
  try {
    cpSync(dir, copy, { recursive: true });
    return await read(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
