import type { DocumentStore } from './DocumentStore';
import { createEmbeddedDocumentStore } from './EmbeddedDocumentStore';
import { createMongoDocumentStore } from './MongoDocumentStore';

export interface DocumentStoreConfig {
  /** `MONGODB_URL`: when set (non-empty), MongoDB holds the data. */
  readonly mongodbUrl?: string | null;
  /** Database name for MongoDB; defaults to the URL's, else "privacy_gateway". */
  readonly dbName?: string;
  /** Embedded mode's directory (`GATEWAY_DATA_DIR`/…); null keeps data in memory. */
  readonly dir: string | null;
}

/** MongoDB when a URL is configured, otherwise the embedded store under `dir` (CONTRACT.md §2). */
export function createDocumentStore(config: DocumentStoreConfig): DocumentStore {
  if (config.mongodbUrl) return createMongoDocumentStore({ url: config.mongodbUrl, dbName: config.dbName });
  return createEmbeddedDocumentStore({ dir: config.dir });
}
