import type { Identity, IdentityType } from './Identity';

/**
 * The connector contract: what the gateway needs from every system that holds personal data.
 * Types only — no I/O here. A connector is the only place that talks to its system; it imports
 * this file, `Identity` and `src/errors`, never the server or another connector (lint-enforced).
 *
 * Failure contract (as DataLoader's): batch reads resolve to one entry per key, in key order,
 * with a per-key `Error` value instead of a rejected batch; a whole-source failure rejects
 * with `SourceUnavailableError` or `TransientSourceError` and never leaks driver text upward.
 */

/** What a connector can do, declared up front so the gateway plans without probing the source. */
export type Capability = 'read' | 'restrict' | 'delete' | 'depersonalize' | 'rectify' | 'annotate' | 'export';

export interface Profile {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
}

/** One record as a source holds it, mapped onto the GraphQL type the connector declares. */
export interface SourceRecord {
  /** Source-local id, unique within the source (not personal: an order, payment or message number). */
  readonly id: string;
  readonly source: string;
  /** The collection (table, document collection, endpoint) of the source it comes from. */
  readonly collection: string;
  /** ISO-8601, or null when the source does not date its records. */
  readonly createdAt: string | null;
  /** The subject's identities this record reveals (canonical form); drives identity resolution. */
  readonly identities: readonly Identity[];
  /** Restricted (blocked) at the source. */
  readonly restricted: boolean;
  /** What the record says about the subject's profile; the gateway merges newest first. */
  readonly profile?: Profile;
  /** Values for the GraphQL type's fields, by field name. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** One collection of a source (a table, a document collection, an endpoint's objects) as the schema shows it. */
export interface CollectionDescriptor {
  /** The collection's name within its source, as in `SourceRecord.collection`: "orders", "customer". */
  readonly name: string;
  /** The `DataSubject` field that lists its records: "orders". */
  readonly subjectField: string;
  /** The GraphQL type of its records: "Order". */
  readonly recordType: string;
  /**
   * The data category of every field it returns (dotted path, e.g. "contact.email"), or null for
   * a field that holds no personal data (ids, timestamps). Must agree with the schema's @category.
   */
  readonly fields: Readonly<Record<string, string | null>>;
}

/** Static description of a connector; validated against the schema and policy at start-up. */
export interface ConnectorDescriptor {
  /** Stable source name, as in `Order.source` and in DSR tasks: "orders". */
  readonly name: string;
  /** What the system is, for the data map: "Store orders (MongoDB)". */
  readonly system: string;
  /** The collections it exposes, each a `DataSubject` field of its own type. */
  readonly collections: readonly CollectionDescriptor[];
  /**
   * Every category the source holds, exposed as a field or not (profile values, identities,
   * columns kept for linking): what retention, holds and the data map reason about.
   */
  readonly categories: readonly string[];
  /**
   * The SDL of its record types and their `DataSubject` fields, generated from its declaration
   * (`@personal`, `@category` on every personal field): the start-up checks cover it like the core.
   */
  readonly typeDefs: string;
  /** Identity types it can be searched by. */
  readonly queryableBy: readonly IdentityType[];
  /** Identity types its records reveal. */
  readonly reveals: readonly IdentityType[];
  /** Categories of profile values it contributes (name → identity.name, …). */
  readonly profileFields: readonly (keyof Profile)[];
  readonly capabilities: readonly Capability[];
  /**
   * Who keeps the system's files: the kind, and whether the gateway runs it embedded under its
   * data dir (its files are the gateway's to destroy) or reaches a system its operator manages
   * (whose logs and backups are that operator's). For the destruction act.
   */
  readonly custody?: { readonly kind: string; readonly embedded: boolean };
  /** Categories a depersonalized record keeps (masks `keep`: the statistics), for the destruction act. */
  readonly keptWhenDepersonalized?: readonly string[];
}

export interface FindOptions {
  /** Include records restricted at the source (DSR handling and verification need them). */
  readonly includeRestricted?: boolean;
  /** Aborted when the gateway stops waiting (timeout): a connector should cancel its I/O. */
  readonly signal?: AbortSignal;
}

/** Everything known to identify one subject: the closure from identity resolution. */
export interface SubjectSelector {
  readonly identities: readonly Identity[];
}

export interface LegalHold {
  /** Policy name of the hold, e.g. "accounting". */
  readonly name: string;
  /** Which records it covers: those holding any of these categories. */
  readonly categories: readonly string[];
  /** How long after the record's date it must be kept. */
  readonly years: number;
}

export interface ErasePlan extends SubjectSelector {
  /** What happens to a record no hold covers. */
  readonly action: 'delete' | 'depersonalize';
  readonly holds: readonly LegalHold[];
  readonly now: Date;
}

/** What one source did (or, for a dry run, would do). Counts are records. */
export interface EraseResult {
  readonly deleted: number;
  readonly depersonalized: number;
  readonly retained: number;
  /**
   * Records kept, with the date their hold ends, or null for a record other people's records
   * reach too (an address two customers used): never destroyed for one subject (hold "shared").
   * `collection` names the collection it is in (absent in plans recorded before it).
   */
  readonly retainedRecords: ReadonlyArray<{ readonly id: string; readonly until: string | null; readonly hold: string; readonly collection?: string }>;
  /**
   * The records deleted and depersonalized, per collection (only collections with any): what the
   * officer's erasure plan shows. Absent from connectors that count per source only.
   */
  readonly collections?: ReadonlyArray<{ readonly collection: string; readonly deleted: number; readonly depersonalized: number }>;
}

export interface RectifyResult {
  readonly records: number;
  /** overwrite: values changed in place; annotate: records are immutable, a correction note was added. */
  readonly mode: 'overwrite' | 'annotate' | 'none';
}

/**
 * The retention clock's plan (CONTRACT.md §4.1): per collection (by name), records dated before
 * `before` are past their period, and `then` is what happens to them. A collection not listed is
 * not touched. Holds keep a record past its period, as for an erasure.
 */
export interface RetentionPlan {
  readonly collections: ReadonlyMap<string, { readonly before: Date; readonly then: 'delete' | 'depersonalize' }>;
  readonly holds: readonly LegalHold[];
  readonly now: Date;
}

/**
 * A source whose records can be found by their date (one query per dated collection): the
 * retention clock's. Sources without it (an API with no date search) are not on the clock.
 */
export interface ExpiringRecords {
  /** What `erase` would do to the records past their period, without changing anything. */
  plan(plan: RetentionPlan): Promise<EraseResult>;
  /** Idempotent: a depersonalized record is not counted again; a held one is reported again. */
  erase(plan: RetentionPlan): Promise<EraseResult>;
}

/** A field of a record type as declared: the shape statistics are checked against at start-up. */
export interface RecordField {
  /** The GraphQL field name. */
  readonly name: string;
  /** Its category; null: not personal; undefined: a subfield, under its parent's category. */
  readonly category?: string | null;
  /** GraphQL output type as written (`Float`, `[String!]`, a generated object type). */
  readonly type: string;
  readonly list: boolean;
  /** Subfields of an object value; null for a scalar. */
  readonly fields: readonly RecordField[] | null;
}

/**
 * A source whose collections can be read whole, page by page: what the depersonalized statistics
 * of `aggregate` count. Sources without it (an API with no listing) serve no statistic set.
 */
export interface ScannableRecords {
  /** The declared fields of the collection named `collection` (GraphQL names, types, categories): what a statistic may name. */
  fieldsOf(collection: string): readonly RecordField[];
  /**
   * Every record of the collection named `collection`, as `findByIdentities` maps them (restricted
   * ones flagged, not left out: the caller decides), paged from the source: never the whole
   * collection in memory. Rejects with `SourceUnavailableError` when the source fails.
   */
  scan(collection: string): AsyncIterable<SourceRecord>;
}

export interface Connector extends ConnectorDescriptor {
  /** Present when the source can find its records by date: the retention clock's entry point. */
  readonly expiring?: ExpiringRecords;
  /** Present when the source can list a collection page by page: the statistics' entry point. */
  readonly scannable?: ScannableRecords;
  /** One call per batch of keys: one entry per key, in key order, same length. */
  findByIdentities(keys: readonly Identity[], options?: FindOptions): Promise<Array<SourceRecord[] | Error>>;
  /** Resolves when the source answers; rejects otherwise. Bounded by `signal`. */
  health(signal?: AbortSignal): Promise<void>;
  /** Every record of the subject, paged from the source: never the whole set in memory. */
  exportRecords(subject: SubjectSelector): AsyncIterable<SourceRecord>;
  /** Idempotent: restricting twice leaves one restriction. Returns records affected. */
  restrict(subject: SubjectSelector, restricted: boolean): Promise<{ records: number }>;
  /** What `erase` would do, without changing anything (the worker records it before acting). */
  planErase(plan: ErasePlan): Promise<EraseResult>;
  /** Idempotent: the worker may retry after a crash; a second run finds nothing left to do. */
  erase(plan: ErasePlan): Promise<EraseResult>;
  /**
   * `planErase` for a wave of subjects: one entry per plan, in plan order, a per-plan `Error`
   * instead of a rejected batch (the batch contract of reads). Each plan's result is what
   * `planErase` alone would answer.
   */
  planEraseMany(plans: readonly ErasePlan[]): Promise<Array<EraseResult | Error>>;
  /**
   * `erase` for a wave of subjects, in as few calls to the system as it allows (one write per
   * collection): one entry per plan, in plan order; a failure of one plan's records is that
   * plan's `Error`, the others still go through. Rejects only when the source itself failed.
   */
  eraseMany(plans: readonly ErasePlan[]): Promise<Array<EraseResult | Error>>;
  /** Apply changes to the subject's profile values where this source holds them. */
  rectify(subject: SubjectSelector, changes: Profile): Promise<RectifyResult>;
  /** Destroy records whose legal hold has ended (by id, as `erase` reported them). Idempotent. */
  purgeRecords(ids: readonly string[]): Promise<{ deleted: number }>;
  close(): Promise<void>;
}
