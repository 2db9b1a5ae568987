import type { DocumentStore } from '../../store/DocumentStore';
import { DraftError } from './DraftError';
import { inferDocumentShape } from './inferDocumentShape';
import type { SystemShape } from './SystemShape';

/**
 * The named collections of a document store (MongoDB, or the embedded store), each as the keys
 * and nested shapes of its first `sample` documents. Documents have no declared keys, so a key
 * the sample never shows is not in the draft: sample more, or add it by hand.
 */
export async function readDocumentSystem(store: DocumentStore, options: { database: string; collections: readonly string[]; sample: number }): Promise<SystemShape> {
  if (options.collections.length === 0) throw new DraftError(`expected collections in ${options.database}, found none`);
  const collections = [];
  const notes: string[] = [];
  for (const name of options.collections) {
    const docs = await store.collection(name).find({}, { limit: options.sample, sort: { _id: 1 } });
    if (docs.length === 0) notes.push(`collection ${name} is empty: no keys to draft`);
    collections.push({ name, primaryKey: ['_id'], columns: inferDocumentShape(docs) });
  }
  return { database: options.database, collections, foreignKeys: [], notes };
}
