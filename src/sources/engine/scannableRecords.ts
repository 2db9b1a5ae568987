import type { ScannableRecords, SourceRecord } from '../Connector';
import type { SourceDeclaration } from '../declarations/SourceDeclaration';
import type { CollectionDriver } from './CollectionDriver';
import { toSourceRecord } from './toSourceRecord';

/** Rows per page of a scan: a page of records in memory at a time, whatever the collection's size. */
export const SCAN_PAGE = 1000;

/**
 * The statistics' entry into a declared source: each collection listed page by page by the
 * driver, each row mapped as a read maps it (fields by their GraphQL names, identities canonical,
 * the restriction flag read), so what a statistic counts is what a read would have shown.
 */
export function scannableRecords(options: { source: SourceDeclaration; driver: CollectionDriver & Required<Pick<CollectionDriver, 'scan'>>; readFailure: (error: unknown) => Error }): ScannableRecords {
  const { source, driver } = options;
  const collectionNamed = (name: string) => {
    const collection = source.collections.find((c) => c.name === name);
    if (!collection) throw new TypeError(`expected a collection of source "${source.name}" (${source.collections.map((c) => c.name).join(', ')}), got "${name}"`);
    return collection;
  };
  return {
    fieldsOf: (name: string) => collectionNamed(name).fields,
    async *scan(name: string): AsyncGenerator<SourceRecord> {
      const collection = collectionNamed(name);
      try {
        for await (const row of driver.scan(collection, { batchSize: SCAN_PAGE })) yield toSourceRecord(source, collection, row);
      } catch (error) {
        throw options.readFailure(error);
      }
    },
  };
}
