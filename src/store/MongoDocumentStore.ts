import type { Db } from 'mongodb';
import { MongoClient } from 'mongodb';
import type { Doc, DocumentCollection, DocumentStore } from './DocumentStore';
import { createMongoCollection } from './mongo/MongoCollection';
import { validateCollectionName } from './validateCollectionName';
import { validatingCollection } from './validatingCollection';

export interface MongoDocumentStoreOptions {
  /** A connection string, `mongodb://…` or `mongodb+srv://…`. */
  readonly url: string;
  /** Database name; defaults to the one in `url`, else "privacy_gateway". */
  readonly dbName?: string;
  /** How long an operation waits for a reachable server before failing (default 5 s). */
  readonly serverSelectionTimeoutMS?: number;
}

const DB_IN_URL = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^/?]+)/;

/**
 * The port over the official MongoDB driver. Lazy: the first operation connects, so the gateway
 * starts while its database is still coming up, and `/readyz` reports it through `ping`. A failed
 * connect is retried with a fresh client on the next call — the driver's own auto-connect leaves a
 * client whose first connect failed closed for good.
 */
export function createMongoDocumentStore(options: MongoDocumentStoreOptions): DocumentStore {
  const makeClient = (): MongoClient => {
    try {
      // ignoreUndefined: an `undefined` field is omitted, as the embedded store does, not stored as null.
      return new MongoClient(options.url, { ignoreUndefined: true, serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000 });
    } catch (error) {
      // The driver's message may quote the URL, credentials included: keep it in `cause` only.
      throw new TypeError('expected a MongoDB connection string like mongodb://host:27017/db, got one the driver cannot parse', { cause: error });
    }
  };
  const dbName = decodeURIComponent(options.dbName ?? DB_IN_URL.exec(options.url)?.[1] ?? 'privacy_gateway');
  let client = makeClient(); // parses the URL now, so a bad one fails at start-up
  let connected: Promise<Db> | null = null;
  let closed = false;

  const db = (): Promise<Db> => {
    if (closed) return Promise.reject(new Error('expected an open document store, got one that was closed'));
    connected ??= (async () => {
      try {
        await client.connect();
        return client.db(dbName);
      } catch (error) {
        const failed = client;
        client = makeClient();
        connected = null;
        await failed.close().catch(() => undefined);
        throw error;
      }
    })();
    return connected;
  };

  return {
    kind: 'mongodb',
    collection<T extends Doc = Doc>(name: string): DocumentCollection<T> {
      validateCollectionName(name);
      return validatingCollection(createMongoCollection<T>({ name, collection: async () => (await db()).collection<Doc>(name) }));
    },
    async ping() {
      await (await db()).command({ ping: 1 });
    },
    async dropAll() {
      await (await db()).dropDatabase();
    },
    async close() {
      closed = true;
      await client.close();
    },
  };
}
