import { createEmbeddedDocumentStore } from '../src/store/EmbeddedDocumentStore';
import { createMongoDocumentStore } from '../src/store/MongoDocumentStore';
import { defineDocumentStoreConformance } from './kit/documentStoreConformance';

defineDocumentStoreConformance('embedded (in memory)', async () => createEmbeddedDocumentStore({ dir: null }));

// MongoDB runs only where a server is configured (CI with a service, or `docker compose up`);
// `npm test` on a fresh machine has none, so the suite is skipped rather than failed.
const mongodbUrl = process.env.MONGODB_URL;
(mongodbUrl ? describe : describe.skip)('MongoDB adapter (MONGODB_URL)', () => {
  defineDocumentStoreConformance('mongodb', async () =>
    createMongoDocumentStore({ url: mongodbUrl ?? '', dbName: `pg_conformance_${process.pid}_${Date.now().toString(36)}` }));
});
