import type { Doc, DocumentCollection, Filter, Update, UpdateResult } from '../DocumentStore';
import { newDocumentId } from '../newDocumentId';
import { upsertEqualities } from '../upsertEqualities';
import { validateDocument } from '../validateDocument';
import { applyUpdate } from './applyUpdate';
import { valuesEqual } from './compareValues';
import type { EmbeddedContext } from './EmbeddedCollection';
import { nedbQuery } from './nedbQuery';

type Writes<T extends Doc> = Pick<DocumentCollection<T>,
  'insertOne' | 'insertMany' | 'updateOne' | 'updateMany' | 'findOneAndUpdate' | 'deleteOne' | 'deleteMany' | 'createIndex'>;

/**
 * The embedded collection's writes. Each runs alone in the collection's queue, so reading the
 * matches, computing the new documents (applyUpdate, MongoDB's rules) and writing them back is
 * atomic within the process; "modified" counts documents whose content actually changed.
 */
export function embeddedWrites<T extends Doc>(ctx: EmbeddedContext<T>): Writes<T> {
  const { name, datastore, serially, select, guarded } = ctx;

  /** Writes each document's updated form; returns how many actually changed. */
  async function rewrite(docs: readonly T[], update: Update): Promise<number> {
    const ds = await datastore();
    const changed = docs.map((doc) => applyUpdate(doc, update)).filter((next, i) => !valuesEqual(docs[i], next));
    for (const next of changed) await guarded(() => ds.updateAsync({ _id: next._id }, next, {}));
    return changed.length;
  }

  /** Inserts the document an upsert creates: the filter's equalities, then the update. */
  async function insertUpserted(filter: Filter, update: Update): Promise<T> {
    const seeded: Record<string, unknown> = applyUpdate(applyUpdate({}, { $set: upsertEqualities(filter) }), update);
    const doc = { _id: typeof seeded._id === 'string' ? seeded._id : newDocumentId(), ...seeded } as T;
    validateDocument(doc, 'upserted document');
    const ds = await datastore();
    await guarded(() => ds.insertAsync(doc));
    return doc;
  }

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
    updateOne: (filter, update, opts) => serially(async (): Promise<UpdateResult> => {
      const [match] = await select(filter, { limit: 1 });
      if (match) return { matched: 1, modified: await rewrite([match], update), upsertedId: null };
      if (!opts?.upsert) return { matched: 0, modified: 0, upsertedId: null };
      return { matched: 0, modified: 0, upsertedId: (await insertUpserted(filter, update))._id };
    }),
    updateMany: (filter, update) => serially(async (): Promise<UpdateResult> => {
      const matches = await select(filter);
      return { matched: matches.length, modified: await rewrite(matches, update), upsertedId: null };
    }),
    findOneAndUpdate: (filter, update, opts) => serially(async () => {
      const ds = await datastore();
      // Compare-and-set: the write applies only if the stored document is still the one read.
      // The queue already serialises this collection's writes; the check keeps a claim exact
      // even if a write ever bypasses it. A lost race reads again.
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const [candidate] = await select(filter, { sort: opts?.sort, limit: 1 });
        if (!candidate) return opts?.upsert ? insertUpserted(filter, update) : null;
        const next = applyUpdate(candidate, update);
        const unchanged = function (this: unknown): boolean { return valuesEqual(this, candidate); };
        const { numAffected } = await guarded(() => ds.updateAsync({ _id: candidate._id, $where: unchanged }, next, {}));
        if (numAffected === 1) return next;
      }
      throw new Error(`expected findOneAndUpdate on "${name}" to settle within 100 attempts, got continuous contention`);
    }),
    deleteOne: (filter) => serially(async () => {
      const [match] = await select(filter, { limit: 1, projection: { _id: 1 } });
      return match ? (await datastore()).removeAsync({ _id: match._id }, { multi: false }) : 0;
    }),
    deleteMany: (filter) => serially(async () => (await datastore()).removeAsync(nedbQuery(filter), { multi: true })),
    createIndex: (fields, opts) => serially(async () => {
      const keys = Object.keys(fields);
      const ds = await datastore();
      await guarded(() => ds.ensureIndexAsync({ fieldName: keys.length === 1 ? keys[0]! : keys, unique: opts?.unique ?? false }));
    }),
  };
}
