import { constants as fsConstants } from 'node:fs';
import { access, chmod, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import type { Doc, DocumentCollection, DocumentStore } from './DocumentStore';
import type { Nedb } from './embedded/EmbeddedCollection';
import { coalescedCompaction } from './embedded/coalescedCompaction';
import { createEmbeddedCollection } from './embedded/EmbeddedCollection';
import { ensureOwnerOnlyDir, OWNER_ONLY } from './embedded/ensureOwnerOnlyDir';
import { serialQueue } from './embedded/serialQueue';
import { trimTornTail } from './embedded/trimTornTail';
import { validateCollectionName } from './validateCollectionName';
import { validatingCollection } from './validatingCollection';

export interface EmbeddedDocumentStoreOptions {
  /**
   * Directory holding one datafile per collection (`<name>.db`), created when missing; `null`
   * keeps everything in memory (tests). One store per directory: nedb does not lock its files,
   * so two processes (or two stores in one process) on the same directory would corrupt it.
   * The directory is made 0700 and every file in it 0600, whatever the umask.
   */
  readonly dir: string | null;
}

interface OpenCollection {
  readonly datastore: Promise<Nedb>;
  readonly serially: <R>(task: () => Promise<R>) => Promise<R>;
  readonly destroySuperseded: () => Promise<void>;
  /** Set by dropAll: a compaction still queued then has nothing left to rewrite. */
  dropped: boolean;
}

const DATAFILE = /\.db~?$/;

/**
 * The embedded document store: the port over nedb (persistence, indexes) and mingo (MongoDB's
 * semantics), persisted to `dir`, loaded on first use of a collection. It answers like the MongoDB
 * adapter (same validation, MongoDB's matching rules), so `npm start` on a fresh machine and the
 * test suite need no server. A delete, or an update that changed a document, resolves only after
 * the datafile was rewritten without the superseded version: erased values leave the disk then,
 * not at the next start. (A crash in between leaves them until the next load, which rewrites the
 * file too.)
 */
export function createEmbeddedDocumentStore(options: EmbeddedDocumentStoreOptions): DocumentStore {
  const { dir } = options;
  const open = new Map<string, OpenCollection>();
  let closed = false;

  const load = async (name: string): Promise<Nedb> => {
    const filename = dir === null ? undefined : path.join(dir, `${name}.db`);
    if (dir !== null) await ensureOwnerOnlyDir(dir);
    // A write cut off by a crash must not keep the store from opening again.
    if (filename) await trimTornTail(filename);
    const datastore: Nedb = new Datastore({ filename, inMemoryOnly: dir === null, modes: { ...OWNER_ONLY } });
    await datastore.loadDatabaseAsync();
    // Loading rewrote the datafile through a new temp file (0600); a temp file an older version
    // left behind would have been reused with its own mode.
    if (filename) await chmod(filename, OWNER_ONLY.fileMode);
    return datastore;
  };
  const entry = (name: string): OpenCollection => {
    if (closed) throw new Error('expected an open document store, got one that was closed');
    let found = open.get(name);
    if (!found) {
      const datastore = load(name);
      const serially = serialQueue();
      const compact = async (): Promise<void> => {
        if (dir !== null && !opened.dropped) await (await datastore).compactDatafileAsync();
      };
      const opened: OpenCollection = { datastore, serially, destroySuperseded: coalescedCompaction({ serially, compact }), dropped: false };
      found = opened;
      open.set(name, found);
      // A failed load (unreadable file) is not cached: the next call tries again.
      datastore.catch(() => open.get(name)?.datastore === datastore && open.delete(name));
    }
    return found;
  };
  /** Waits for each collection's pending writes, then runs `task` on its datastore. */
  const eachCollection = async (task: (datastore: Nedb, e: OpenCollection) => Promise<void>): Promise<void> => {
    const entries = [...open.values()];
    await Promise.all(entries.map((e) => e.serially(async () => task(await e.datastore, e)).catch(() => undefined)));
  };

  return {
    kind: 'embedded',
    collection<T extends Doc = Doc>(name: string): DocumentCollection<T> {
      validateCollectionName(name);
      return validatingCollection(createEmbeddedCollection<T>({
        name,
        datastore: async () => entry(name).datastore,
        serially: async (task) => entry(name).serially(task),
        destroySuperseded: async () => entry(name).destroySuperseded(),
      }));
    },
    async ping() {
      if (closed) throw new Error('expected an open document store, got one that was closed');
      if (dir === null) return;
      await ensureOwnerOnlyDir(dir);
      await access(dir, fsConstants.R_OK | fsConstants.W_OK);
    },
    async dropAll() {
      await eachCollection(async (datastore, e) => {
        e.dropped = true; // nedb queues a dropped datastore's calls until a reload that never comes
        await datastore.dropDatabaseAsync();
      });
      open.clear();
      if (dir === null) return;
      const files = await readdir(dir).catch(() => [] as string[]);
      await Promise.all(files.filter((f) => DATAFILE.test(f)).map((f) => rm(path.join(dir, f), { force: true })));
    },
    async close() {
      if (closed) return;
      closed = true;
      // Rewrites each datafile without superseded lines, so the next start loads less.
      if (dir !== null) await eachCollection((datastore) => datastore.compactDatafileAsync());
      open.clear();
    },
  };
}
