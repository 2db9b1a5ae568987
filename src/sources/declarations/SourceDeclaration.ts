import type { Profile } from '../Connector';
import type { IdentityType } from '../Identity';

/**
 * A source as declared (CONTRACT.md §7), compiled to one shape whatever file it came from — our
 * own format or a Fides dataset — and checked against the policy. Kind-independent: the adapter of
 * `kind` reads `options` (url, database, auth…) and serves `collections` through the engine.
 * Paths (`from`) are column names, or dot paths into nested documents.
 */
export interface SourceDeclaration {
  readonly name: string;
  readonly kind: string;
  /** The file that declared it, for every message about it. */
  readonly file: string;
  /** What the system is, for the data map. */
  readonly system: string;
  /** Kind-specific keys as written (url already expanded from the environment; relative paths resolved). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly collections: readonly CollectionDeclaration[];
  /** References inside the source, followed from records found by identity. */
  readonly edges: readonly ReferenceEdge[];
  /** Hops of references followed from a record found by identity (each hop one batched query). */
  readonly maxHops: number;
  /** Notes for the operator: fields left out (no category in a Fides dataset), references not followed. */
  readonly warnings: readonly string[];
  /** `onConsentChange:` where the system hears of consent decisions it acts on; null when not declared. */
  readonly onConsentChange: ConsentHook | null;
}

/** A source's consent-change channel (see readConsentHook). */
export interface ConsentHook {
  /** null: declared with no url (its variable unset): each change is due with no channel. */
  readonly url: string | null;
  /** The identity sent as the subject's reference; null: the first the source's collections are found by. */
  readonly reference: IdentityType | null;
  /** The consent purposes it acts on; null: every purpose that requires consent. */
  readonly purposes: readonly string[] | null;
}

export interface CollectionDeclaration {
  /** Name within the source: records' `collection`, and the key in messages. */
  readonly name: string;
  /** The table, document collection or endpoint name in the system itself. */
  readonly table: string;
  /** `DataSubject` field and GraphQL type (CONTRACT.md §7 default names unless declared). */
  readonly subjectField: string;
  readonly recordType: string;
  readonly description: string | null;
  /** Paths of the primary key; the record's `id` is their values joined with ":". */
  readonly primaryKey: readonly string[];
  /** Identity seeds: records found by these values, and the identities records reveal. */
  readonly identities: ReadonlyArray<{ readonly type: IdentityType; readonly from: string }>;
  /** The record's date (holds, retention); null when undated. */
  readonly createdAt: string | null;
  /** Profile values a record carries (merged newest first across sources). */
  readonly profile: Readonly<Partial<Record<keyof Profile, string>>>;
  /** A flag the system honours for restriction (blocked records), if it has one. */
  readonly restrictFlag: string | null;
  /** Where the system can note until when a record is kept under a hold, if anywhere. */
  readonly retainedUntil: string | null;
  /** What an erasure does to a record no hold keeps; null: the policy's retention rules decide. */
  readonly erasure: 'delete' | 'depersonalize' | null;
  readonly fields: readonly FieldDeclaration[];
  /** Paths holding other people's values (an agent's name): never read as the subject's, redacted from text. */
  readonly othersData: readonly string[];
  /** Personal paths not exposed as fields (kept for linking), with their categories: erased like fields. */
  readonly hidden: ReadonlyArray<{ readonly from: string; readonly category: string }>;
}

/** How a value is replaced when its record is depersonalized rather than deleted (Fides' masking strategies). */
export type Mask = { readonly kind: 'null' } | { readonly kind: 'hash' } | { readonly kind: 'fixed'; readonly value: string } | { readonly kind: 'keep' };

export interface FieldDeclaration {
  /** The GraphQL field name. */
  readonly name: string;
  readonly from: string;
  /** The policy's category, or null: not personal data. Undefined only for subfields under a categorised field. */
  readonly category: string | null;
  /** GraphQL output type as written in SDL (`String`, `[String!]`, `Float`, or a generated object type). */
  readonly type: string;
  /** Subfields of an object (or list of objects) value: a generated type. */
  readonly fields: readonly FieldDeclaration[] | null;
  /** A list of values (or objects). */
  readonly list: boolean;
  /** Values of an enum, when the field is one: a generated enum type. */
  readonly enumValues: readonly string[] | null;
  /**
   * What depersonalization does to the value: declared, or by the policy — a category whose
   * retention rule is `depersonalize` is the statistics kept (`keep`), anything else is nulled.
   */
  readonly mask: Mask;
}

/**
 * A reference inside a source (Fides' `fides_meta.references`): the values at `fromPath` of
 * records of `fromCollection` reach the records of `toCollection` whose `toPath` holds them.
 */
export interface ReferenceEdge {
  readonly fromCollection: string;
  readonly fromPath: string;
  readonly toCollection: string;
  readonly toPath: string;
}
