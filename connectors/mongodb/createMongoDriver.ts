import type { CollectionDeclaration } from '../../src/sources/declarations/SourceDeclaration';
import type { CollectionDriver, Match, Row } from '../../src/sources/engine/CollectionDriver';
import type { DocumentStore, Filter, Update } from '../../src/store/DocumentStore';

/** The key filter of one document: `{ _id: … }`, or every key path for a composite key. */
const keyFilter = (c: CollectionDeclaration, key: readonly unknown[]): Filter => Object.fromEntries(c.primaryKey.map((path, i) => [path, key[i]]));

const byKeys = (c: CollectionDeclaration, keys: ReadonlyArray<readonly unknown[]>): Filter =>
  c.primaryKey.length === 1 ? { [c.primaryKey[0] as string]: { $in: keys.map((k) => k[0]) } } : { $or: keys.map((k) => keyFilter(c, k)) };

/** Null unsets a field (a depersonalized value is gone, not stored as null). */
function toUpdate(set: Readonly<Record<string, unknown>>): Update {
  const unset = Object.fromEntries(Object.entries(set).filter(([, v]) => v === null).map(([k]) => [k, true as const]));
  const assign = Object.fromEntries(Object.entries(set).filter(([, v]) => v !== null));
  return { ...(Object.keys(assign).length > 0 ? { $set: assign } : {}), ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) };
}

/**
 * The engine's driver over the document-store port (the official MongoDB driver, or the embedded
 * store): one `$or` of `$in` per call. Dot paths reach into nested documents and through arrays,
 * as MongoDB reads them.
 */
export function createMongoDriver(options: { store: DocumentStore; ownsStore: boolean }): CollectionDriver {
  const col = (c: CollectionDeclaration) => options.store.collection(c.table);
  return {
    async select(collection: CollectionDeclaration, matches: readonly Match[]): Promise<Row[]> {
      const branches = matches.filter((m) => m.values.length > 0).map((m) => ({ [m.path]: { $in: [...m.values] } }));
      if (branches.length === 0) return [];
      return col(collection).find(branches.length === 1 ? (branches[0] as Filter) : { $or: branches });
    },
    async *iterate(collection: CollectionDeclaration, matches: readonly Match[]): AsyncGenerator<Row> {
      const branches = matches.filter((m) => m.values.length > 0).map((m) => ({ [m.path]: { $in: [...m.values] } }));
      if (branches.length === 0) return;
      yield* col(collection).iterate(branches.length === 1 ? (branches[0] as Filter) : { $or: branches }, { batchSize: 500 });
    },
    // By `_id` pages: documents erased behind the cursor neither shift nor repeat a page.
    scan: (collection, { batchSize }) => col(collection).iterate({}, { batchSize }),
    // Dates stored as ISO strings (the demo's) or as Dates: a range compares within one type.
    async selectDatedBefore(collection, { path, before }) {
      return col(collection).find({ $or: [{ [path]: { $lt: before.toISOString() } }, { [path]: { $lt: before } }] });
    },
    async update(collection, keys, set) {
      if (keys.length === 0) return 0;
      return (await col(collection).updateMany(byKeys(collection, keys), toUpdate(set))).matched;
    },
    // Issued together: the embedded store queues them and destroys what they superseded once for
    // all of them (one compaction, not one per row); a server takes them as one burst.
    async updateEach(collection, writes) {
      const each = writes.filter((w) => Object.keys(w.set).length > 0).map((w) => ({ filter: keyFilter(collection, w.key), update: toUpdate(w.set) }));
      return each.length === 0 ? 0 : (await col(collection).bulkUpdate(each)).matched;
    },
    async delete(collection, keys) {
      return keys.length === 0 ? 0 : col(collection).deleteMany(byKeys(collection, keys));
    },
    ping: () => options.store.ping(),
    close: async () => {
      if (options.ownsStore) await options.store.close();
    },
  };
}
