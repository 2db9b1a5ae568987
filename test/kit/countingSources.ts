import type { SqlClient } from '../../src/sql/SqlClient';
import type { DocumentCollection, DocumentStore } from '../../src/store/DocumentStore';

/** Calls made AT the sources: reads of the orders store and SQL statements of the helpdesk (the processor counts its own). */
export interface SourceCallCounts {
  orderReads: number;
  sqlQueries: number;
}

const ORDER_READS = new Set<PropertyKey>(['find', 'findOne', 'iterate', 'count']);

/** Wraps a document store so every read of any collection adds one to `counts.orderReads`. */
export function countingStore(store: DocumentStore, counts: SourceCallCounts): DocumentStore {
  return {
    kind: store.kind,
    ping: () => store.ping(),
    dropAll: () => store.dropAll(),
    close: () => store.close(),
    collection<T extends { _id: string }>(name: string): DocumentCollection<T> {
      const inner = store.collection<T>(name);
      return new Proxy(inner, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (ORDER_READS.has(prop)) counts.orderReads++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    },
  };
}

/** Wraps a SQL client so every statement adds one to `counts.sqlQueries`. */
export function countingSql(sql: SqlClient, counts: SourceCallCounts): SqlClient {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (prop === 'query') counts.sqlQueries++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
