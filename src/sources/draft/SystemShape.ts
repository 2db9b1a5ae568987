/**
 * What `npm run draft-source` reads from a live system before it guesses anything: its tables (or
 * document collections), their columns (or keys, with nested shapes), primary keys, a sample of
 * values, and the foreign keys between tables. Kind-independent: the SQL and the document readers
 * both produce it, and the drafter reads nothing else.
 */
export interface SystemShape {
  /** The database (or schema, or directory) it was read from: the default source name. */
  readonly database: string;
  readonly collections: readonly CollectionShape[];
  readonly foreignKeys: readonly ForeignKey[];
  /** Things the reader could not express as shape (an ambiguous constraint), for the reviewer. */
  readonly notes: readonly string[];
}

export interface CollectionShape {
  readonly name: string;
  /** Columns of the primary key, in key order; empty when the table has none. */
  readonly primaryKey: readonly string[];
  readonly columns: readonly ColumnShape[];
}

export interface ColumnShape {
  /** Column name, or a document key (relative to its parent for nested keys). */
  readonly name: string;
  /** GraphQL scalar of one value: String, Int, Float or Boolean (an object's is null). */
  readonly scalar: 'String' | 'Int' | 'Float' | 'Boolean' | null;
  /** The values are dates or times. */
  readonly date: boolean;
  /** A list of values (or of objects). */
  readonly list: boolean;
  /** Keys of an object value (or of the objects in a list); null for scalars. */
  readonly fields: readonly ColumnShape[] | null;
  /** Sampled non-null scalar values (elements, for a list): the value rules read them. */
  readonly samples: readonly unknown[];
  /** The sample held values of different shapes (an object here, a string there). */
  readonly mixed: boolean;
}

/** `table.columns` → `parentTable.parentColumns`, as the database declares it. */
export interface ForeignKey {
  readonly table: string;
  readonly columns: readonly string[];
  readonly parentTable: string;
  readonly parentColumns: readonly string[];
}
