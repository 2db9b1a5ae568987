import type { DateBucket } from '../policy/Policy';

/** A declared field of a statistic set, resolved against its collection at start-up. */
export interface StatisticField {
  /** The name queries use (policy key). */
  readonly name: string;
  /** The field's path from the record, GraphQL names: `createdAt`, `items.sku`. */
  readonly path: string;
  /** Its category (a subfield's is its parent's); null: not personal data. */
  readonly category: string | null;
  /** For a field inside the unwound list: its path within one element ('' for the element itself); null: read from the record. */
  readonly inElement: string | null;
}

export interface StatisticDimension extends StatisticField {
  readonly date: boolean;
  /** The finest bucket a query may ask for; a date dimension is grouped by MONTH unless asked (or coarser when `finest` is). */
  readonly finest: DateBucket;
  /** The bucket when the query names none. */
  readonly defaultBucket: DateBucket;
}

/** What `aggregate` may count and sum over one source collection (policy `statistics.sets`), checked against its declaration. */
export interface StatisticSet {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly collection: string;
  /** Every category the collection's fields carry: a purpose reading none of them gets no count of it at all (CONTRACT.md §5). */
  readonly categories: readonly string[];
  /** The list field whose elements are counted (each with its record's fields); null: records are. */
  readonly unwind: string | null;
  readonly dimensions: ReadonlyMap<string, StatisticDimension>;
  readonly measures: ReadonlyMap<string, StatisticField>;
}

/** The statistics a gateway serves: its sets, and `k`, the fewest distinct subjects a released group holds. */
export interface CompiledStatistics {
  readonly k: number;
  readonly sets: ReadonlyMap<string, StatisticSet>;
}
