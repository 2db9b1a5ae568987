import type { Doc, DocumentCollection, Filter, Update, UpdateResult } from '../DocumentStore';
import { newDocumentId } from '../newDocumentId';
import { upsertEqualities } from '../upsertEqualities';
import { validateDocument } from '../validateDocument';
import type { EmbeddedContext } from './EmbeddedCollection';
import { isEqual } from './mingo';
import { nedbQuery } from './nedbQuery';
import { updateDocument } from './updateDocument';

type Writes<T extends Doc> = Pick<DocumentCollection<T>,
  'insertOne' | 'insertMany' | 'updateOne' | 'updateMany' | 'bulkUpdate' | 'findOneAndUpdate' | 'deleteOne' | 'deleteMany' | 'createIndex'>;

/**
 * The embedded collection's writes. Each runs alone in the collection's queue, so reading the
 * matches, computing the new documents (updateDocument, mingo's operators) and writing them back
 * is atomic within the process; "modified" counts documents whose content actually changed. A
 * write that replaced or removed a stored document resolves only once the datafile no longer
 * holds the old version (`destroySuperseded`: once per call, not per document, and shared by the
 * calls that wait at the same time).
 */
export function embeddedWrites<T extends Doc>(ctx: EmbeddedContext<T>): Writes<T> {
  const { name, datastore, serially, select, guarded, destroySuperseded } = ctx;

  /**
   * Runs a write alone in the queue; out of it — so that the writes waiting behind it go on and
   * share one compaction — waits until the datafile has lost what the write superseded. The
   * write calls `superseded()` for each document it replaced or removed, also if it fails later.
   */
  async function destructive<R>(task: (superseded: (n?: number) => void) => Promise<R>): Promise<R> {
    let count = 0;
    try {
      return await serially(() => task((n = 1) => { count += n; }));
    } finally {
      if (count > 0) await destroySuperseded();
    }
  }

  /** Writes each document's updated form; returns how many actually changed. */
  async function rewrite(docs: readonly T[], update: Update, superseded: () => void): Promise<number> {
    const ds = await datastore();
    const changed = docs.map((doc) => updateDocument(doc, update)).filter((u) => u.modified).map((u) => u.next);
    for (const next of changed) {
      await guarded(() => ds.updateAsync({ _id: next._id }, next, {}));
      superseded();
    }
    return changed.length;
  }

  /** Inserts the document an upsert creates: the filter's equalities, then the update. */
  async function insertUpserted(filter: Filter, update: Update): Promise<T> {
    const { _id, ...equalities } = upsertEqualities(filter);
    const seeded = updateDocument<Record<string, unknown>>({ _id: _id ?? newDocumentId() }, { $set: equalities }).next;
    const doc: unknown = updateDocument(seeded, update).next;
    validateDocument(doc, 'upserted document'); // an `_id` equality that is not a string, say
    const ds = await datastore();
    await guarded(() => ds.insertAsync(doc));
    return doc as T;
  }

  /** Removes what `query` matches, counting the removed as superseded. */
  const remove = async (query: Record<string, unknown>, multi: boolean, superseded: (n: number) => void): Promise<number> => {
    const n = await (await datastore()).removeAsync(query, { multi });
    superseded(n);
    return n;
  };

  return {
    insertOne: (doc) => serially(async () => {
      const ds = await datastore();
      await guarded(() => ds.insertAsync(doc));
    }),
    insertMany: (docs) => serially(async () => {
      if (docs.length === 0) return;
      const ds = await datastore();
      try {
        await ds.insertAsync([...docs]);
      } catch {
        // nedb rolled the batch back; MongoDB's ordered insert keeps what preceded the failure.
        for (const doc of docs) await guarded(() => ds.insertAsync(doc));
      }
    }),
    updateOne: (filter, update, opts) => destructive(async (superseded): Promise<UpdateResult> => {
      const [match] = await select(filter, { limit: 1 });
      if (match) return { matched: 1, modified: await rewrite([match], update, superseded), upsertedId: null };
      if (!opts?.upsert) return { matched: 0, modified: 0, upsertedId: null };
      return { matched: 0, modified: 0, upsertedId: (await insertUpserted(filter, update))._id };
    }),
    updateMany: (filter, update) => destructive(async (superseded): Promise<UpdateResult> => {
      const matches = await select(filter);
      return { matched: matches.length, modified: await rewrite(matches, update, superseded), upsertedId: null };
    }),
    bulkUpdate: (writes) => destructive(async (superseded): Promise<UpdateResult> => {
      let matched = 0;
      let modified = 0;
      for (const w of writes) {
        const matches = await select(w.filter);
        matched += matches.length;
        modified += await rewrite(matches, w.update, superseded);
      }
      return { matched, modified, upsertedId: null };
    }),
    findOneAndUpdate: (filter, update, opts) => destructive(async (superseded) => {
      const ds = await datastore();
      // Compare-and-set: the write applies only if the stored document is still the one read.
      // The queue already serialises this collection's writes; the check keeps a claim exact
      // even if a write ever bypasses it. A lost race reads again.
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const [candidate] = await select(filter, { sort: opts?.sort, limit: 1 });
        if (!candidate) return opts?.upsert ? insertUpserted(filter, update) : null;
        const { next, modified } = updateDocument(candidate, update);
        if (!modified) return next;
        const unchanged = function (this: unknown): boolean { return isEqual(this, candidate); };
        const { numAffected } = await guarded(() => ds.updateAsync({ _id: candidate._id, $where: unchanged }, next, {}));
        if (numAffected === 1) {
          superseded();
          return next;
        }
      }
      throw new Error(`expected findOneAndUpdate on "${name}" to settle within 100 attempts, got continuous contention`);
    }),
    deleteOne: (filter) => destructive(async (superseded) => {
      const [match] = await select(filter, { limit: 1, projection: { _id: 1 } });
      return match ? remove({ _id: match._id }, false, superseded) : 0;
    }),
    deleteMany: (filter) => destructive(async (superseded) => remove(nedbQuery(filter), true, superseded)),
    createIndex: (fields, opts) => serially(async () => {
      const keys = Object.keys(fields);
      const ds = await datastore();
      await guarded(() => ds.ensureIndexAsync({ fieldName: keys.length === 1 ? keys[0]! : keys, unique: opts?.unique ?? false }));
    }),
  };
}
