import type { Doc, DocumentCollection, Filter, Sort } from './DocumentStore';
import { describeValue, isPlainObject } from './describeValue';
import { validateDocument } from './validateDocument';
import { validateFilter } from './validateFilter';
import { validateBatchSize, validateFindOptions, validateSort } from './validateFindOptions';
import { validateUpdate } from './validateUpdate';

/**
 * Every adapter's collection is wrapped in this one: the port's language is checked in one
 * place, so MongoDB and the embedded store accept (and refuse) exactly the same calls. Adapters
 * behind it may assume valid input. Misuse rejects with a TypeError saying what was expected.
 */
export function validatingCollection<T extends Doc>(inner: DocumentCollection<T>): DocumentCollection<T> {
  return {
    insertOne: async (doc) => {
      validateDocument(doc);
      return inner.insertOne(doc);
    },
    insertMany: async (docs) => {
      if (!Array.isArray(docs)) throw new TypeError(`expected an array of documents, got ${describeValue(docs)}`);
      docs.forEach((doc, i) => validateDocument(doc, `document #${i}`));
      return inner.insertMany(docs);
    },
    findOne: async (filter, options) => {
      validateFilter(filter);
      validateFindOptions(options);
      return inner.findOne(filter, options);
    },
    find: async (filter, options) => {
      validateFilter(filter);
      validateFindOptions(options);
      return inner.find(filter, options);
    },
    // Synchronous checks, so a bad filter throws at the call rather than at the first page.
    iterate: (filter, options) => {
      validateFilter(filter);
      validateFindOptions(options === undefined ? undefined : { sort: options.sort });
      const batchSize = validateBatchSize(options?.batchSize);
      return inner.iterate(filter, { sort: options?.sort, batchSize });
    },
    count: async (filter) => {
      validateFilter(filter);
      return inner.count(filter);
    },
    updateOne: async (filter, update, options) => {
      validateWrite(filter, update, options);
      return inner.updateOne(filter, update, options);
    },
    updateMany: async (filter, update) => {
      validateWrite(filter, update, undefined);
      return inner.updateMany(filter, update);
    },
    bulkUpdate: async (writes) => {
      if (!Array.isArray(writes)) throw new TypeError(`expected an array of { filter, update }, got ${describeValue(writes)}`);
      writes.forEach((w: unknown, i) => {
        if (!isPlainObject(w)) throw new TypeError(`expected write #${i} to be { filter, update }, got ${describeValue(w)}`);
        validateWrite(w.filter as Filter, w.update, undefined);
      });
      return inner.bulkUpdate(writes);
    },
    findOneAndUpdate: async (filter, update, options) => {
      validateWrite(filter, update, options);
      if (options?.sort !== undefined) validateSort(options.sort, 'sort');
      return inner.findOneAndUpdate(filter, update, options);
    },
    deleteOne: async (filter) => {
      validateFilter(filter);
      return inner.deleteOne(filter);
    },
    deleteMany: async (filter) => {
      validateFilter(filter);
      return inner.deleteMany(filter);
    },
    createIndex: async (fields, options) => {
      validateIndex(fields, options);
      return inner.createIndex(fields, options);
    },
  };
}

function validateWrite(filter: Filter, update: unknown, options: { upsert?: boolean; sort?: Sort } | undefined): void {
  validateFilter(filter);
  validateUpdate(update);
  if (options !== undefined && !isPlainObject(options)) throw new TypeError(`expected an options object, got ${describeValue(options)}`);
  if (options?.upsert !== undefined && typeof options.upsert !== 'boolean') {
    throw new TypeError(`expected upsert to be true or false, got ${describeValue(options.upsert)}`);
  }
}

function validateIndex(fields: unknown, options: { unique?: boolean; name?: string } | undefined): void {
  validateSort(fields, 'index fields');
  if (Object.keys(fields).length === 0) throw new TypeError('expected at least one field to index, got none');
  if (options?.unique !== undefined && typeof options.unique !== 'boolean') {
    throw new TypeError(`expected unique to be true or false, got ${describeValue(options.unique)}`);
  }
  if (options?.name !== undefined && (typeof options.name !== 'string' || options.name.length === 0)) {
    throw new TypeError(`expected the index name to be a non-empty string, got ${describeValue(options.name)}`);
  }
}
