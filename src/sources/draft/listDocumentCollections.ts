import { readdir } from 'node:fs/promises';
import { MongoClient } from 'mongodb';
import { DraftError } from './DraftError';

const DATAFILE = /^([A-Za-z][A-Za-z0-9_-]{0,63})\.db$/;

/**
 * The collections there are: in the embedded store, one datafile per collection (`<name>.db`) in
 * `dir`; on a MongoDB server, the database's collections but its `system.*` ones. The document
 * port has no listing (the gateway never needs one), so this reads beneath it.
 */
export async function listDocumentCollections(target: { dir: string } | { url: string; database: string }): Promise<string[]> {
  if ('dir' in target) {
    let files: string[];
    try {
      files = await readdir(target.dir);
    } catch (error) {
      throw new DraftError(`expected --dir to be a directory of the embedded document store, got ${JSON.stringify(target.dir)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    return files.map((f) => DATAFILE.exec(f)?.[1]).filter((n): n is string => n !== undefined).sort();
  }
  const client = new MongoClient(target.url, { serverSelectionTimeoutMS: 5000 });
  try {
    const list = await client.db(target.database).listCollections({}, { nameOnly: true }).toArray();
    return list.map((c) => c.name).filter((n) => !n.startsWith('system.')).sort();
  } finally {
    await client.close().catch(() => undefined);
  }
}
