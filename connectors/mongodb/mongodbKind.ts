import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DeclarationError } from '../../src/sources/declarations/DeclarationError';
import { generateSourceSdl } from '../../src/sources/declarations/generateSourceSdl';
import { createDeclaredConnector, idCategory } from '../../src/sources/engine/createDeclaredConnector';
import type { SourceKind } from '../../src/sources/SourceKind';
import type { Doc, DocumentStore } from '../../src/store/DocumentStore';
import { createMongoDriver } from './createMongoDriver';

/**
 * The `mongodb` kind (CONTRACT.md §7): collections over the document-store port — MongoDB at
 * `url`, or the embedded store under the data dir. Keys: `database` (default: the source's name),
 * `seed` (a YAML/JSON file `{ <collection>: [documents…] }` inserted once into an empty embedded
 * collection: demo data by declaration). The primary key defaults to `_id`.
 */
export const mongodbKind: SourceKind = {
  kind: 'mongodb',
  keys: ['database', 'seed'],
  collectionKeys: [],
  requiresUrl: false,
  async open(declaration, context) {
    const url = typeof declaration.options.url === 'string' ? declaration.options.url : null;
    const database = typeof declaration.options.database === 'string' ? declaration.options.database : declaration.name;
    const store = context.openDocumentStore({ url, database, name: declaration.name });
    try {
      const seed = declaration.options.seed;
      if (typeof seed === 'string' && url === null && context.seed) await seedCollections({ store, file: path.resolve(String(declaration.options.dir), seed), declaration });
      const checked = { ...declaration, collections: declaration.collections.map((c) => (c.primaryKey.length > 0 ? c : { ...c, primaryKey: ['_id'] })) };
      for (const c of checked.collections) for (const i of c.identities) await store.collection(c.table).createIndex({ [i.from]: 1 });
      return createDeclaredConnector({ declaration: checked, driver: createMongoDriver({ store, ownsStore: true }), typeDefs: generateSourceSdl(checked, idCategory), hashKey: context.hashKey });
    } catch (error) {
      await store.close();
      throw error;
    }
  },
};

async function seedCollections(options: { store: DocumentStore; file: string; declaration: { file: string; name: string } }): Promise<void> {
  let doc: unknown;
  try {
    doc = parse(readFileSync(options.file, 'utf8'));
  } catch {
    throw new DeclarationError(options.declaration.file, `sources.${options.declaration.name}.seed`, 'a readable YAML or JSON file of { collection: [documents] }', 'none at that path');
  }
  for (const [name, docs] of Object.entries((doc ?? {}) as Record<string, unknown>)) {
    if (!Array.isArray(docs)) continue;
    const collection = options.store.collection<Doc>(name);
    if ((await collection.count({})) > 0) continue;
    await collection.insertMany(docs.map((d, i) => ({ _id: `${name}_${i + 1}`, ...(d as Record<string, unknown>) }) as Doc));
  }
}
