import type { IsoDuration } from './isoDuration';

/** The compiled policy: what the gateway enforces. Built once at start-up by `loadPolicy`. */

export type LegalBasis = 'contract' | 'consent' | 'legitimate_interest' | 'legal_obligation' | 'vital_interest' | 'public_task';
export const LEGAL_BASES: readonly LegalBasis[] = ['contract', 'consent', 'legitimate_interest', 'legal_obligation', 'vital_interest', 'public_task'];

export interface CategoryInfo {
  /** Dotted path: "contact.email". */
  readonly name: string;
  readonly description: string;
  /** A direct identifier: depersonalized purposes receive it as a keyed pseudonym. */
  readonly identifier: boolean;
  readonly parent: string | null;
}

export interface Purpose {
  readonly id: string;
  readonly description: string;
  readonly basis: LegalBasis;
  readonly parent: string | null;
  /** Category nodes granted as written in the policy ("*" for all). */
  readonly grants: readonly string[];
  readonly seesBlocked: boolean;
  readonly requiresConsent: boolean;
  readonly depersonalized: boolean;
}

export interface MutationRule {
  readonly roles: readonly string[];
  readonly purposes: readonly string[];
}

export interface LegalHoldRule {
  readonly name: string;
  readonly basis: string;
  readonly years: number;
  readonly categories: readonly string[];
}

export interface RetentionRule {
  /** The category the rule is written for, or "default". */
  readonly category: string;
  readonly afterErasure: 'delete' | 'depersonalize';
  readonly period: string;
  /** How long a record is kept after its date (CONTRACT.md §4.1); a rule without one keeps the default's. */
  readonly keepFor: IsoDuration;
  /** What the retention clock does to a record past `keepFor`; default: `afterErasure`. */
  readonly then: 'delete' | 'depersonalize';
}

/** A recipient outside the company (GDPR art. 13(1)(e), 15(1)(c)): who receives what, on which basis, through which purposes. */
export interface ThirdParty {
  readonly id: string;
  readonly name: string;
  readonly basis: LegalBasis;
  /** Purposes whose reads disclose to it: each such read is recorded as a disclosure. */
  readonly purposes: readonly string[];
  /** What it receives: the categories read under those purposes that fall under these. */
  readonly categories: readonly string[];
  /** `notify:` where its notices go (GDPR art. 19; consent changes); null: none declared, notices are due with no channel. */
  readonly notify: NotifyDeclaration | null;
}

/**
 * Where a receiver takes its signed notices, as written: `url` may hold `${VAR}`s, read from the
 * environment at start-up (src/notices/readNoticeChannels). `reference` is the identity the
 * receiver knows the subject by, the only value of the person's a notice carries.
 */
export interface NotifyDeclaration {
  readonly url: string | null;
  readonly reference: 'EMAIL' | 'PHONE' | 'CUSTOMER_ID' | null;
}

export interface Deadlines {
  readonly fz152: { readonly workingDays: number; readonly extensionWorkingDays: number } | null;
  readonly gdpr: { readonly months: number } | null;
}

/** What the person is told with a copy of their data, and what a destruction act names (policy `notices`). */
export interface PolicyNotices {
  readonly controller: { readonly name: string; readonly address: string; readonly contact: string; readonly responsible: string };
  readonly processingMethods: string;
  readonly crossBorderTransfer: string;
  readonly automatedDecisions: string;
  readonly securityMeasures: string;
  readonly rights: ReadonlyArray<{ readonly right: string; readonly law: string; readonly how: string }>;
  readonly supervisoryAuthorities: ReadonlyArray<{ readonly name: string; readonly law: string; readonly url: string }>;
}

/** Date buckets of `aggregate`, finest first: a date dimension is never grouped finer than a day. */
export const DATE_BUCKETS = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type DateBucket = (typeof DATE_BUCKETS)[number];

/** A field a statistic set groups by (policy `statistics.sets.<set>.dimensions`). */
export interface StatisticDimensionRule {
  readonly name: string;
  /** The collection's field (GraphQL name), dotted into nested fields: `createdAt`, `items.sku`. */
  readonly field: string;
  /** A date: grouped by bucket (MONTH unless the query asks), never finer than `finest`. */
  readonly date: boolean;
  readonly finest: DateBucket;
}

/** What depersonalized purposes may count and sum over one source collection (`aggregate`). */
export interface StatisticSetRule {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  /** The collection of `source`; null: its only one. */
  readonly collection: string | null;
  /** A list field whose elements are counted instead of the records (an order's lines); null: records. */
  readonly unwind: string | null;
  readonly dimensions: ReadonlyMap<string, StatisticDimensionRule>;
  /** Numeric fields summed per group. */
  readonly measures: ReadonlyMap<string, { readonly name: string; readonly field: string }>;
}

/** `statistics:` — the sets `aggregate` serves, and `k`: a group of fewer distinct subjects is suppressed. */
export interface StatisticsRules {
  readonly k: number;
  readonly sets: ReadonlyMap<string, StatisticSetRule>;
}

/** Per client (the token's `sub`): a bucket of `burst` requests and subject lookups, refilled at `perMinute`. */
export interface RateLimit {
  readonly burst: number;
  readonly perMinute: number;
}

export interface Policy {
  readonly version: string;
  /** sha256 of the policy as loaded: the audit log records which policy decided. */
  readonly digest: string;
  readonly categories: ReadonlyMap<string, CategoryInfo>;
  readonly purposes: ReadonlyMap<string, Purpose>;
  readonly roles: ReadonlyMap<string, readonly string[]>;
  readonly mutations: ReadonlyMap<string, MutationRule>;
  readonly holds: readonly LegalHoldRule[];
  readonly retention: ReadonlyMap<string, RetentionRule>;
  readonly recipients: ReadonlyMap<string, readonly string[]>;
  /** `thirdParties:` the recipients reads disclose to, by id. */
  readonly thirdParties: ReadonlyMap<string, ThirdParty>;
  readonly deadlines: Deadlines;
  /** Null when the policy has no `notices` section (exports and acts then say so). */
  readonly notices: PolicyNotices | null;
  /** null: no rate limit. */
  readonly rateLimit: RateLimit | null;
  /** `statistics:` what `aggregate` may count and sum for depersonalized purposes (no section: no sets, k 5). */
  readonly statistics: StatisticsRules;
  /** Whether `purpose` may read `category` (granting a node grants its subtree). */
  allows(purpose: string, category: string): boolean;
  /** Whether any of `roles` may declare `purpose`. */
  mayDeclare(roles: readonly string[], purpose: string): boolean;
  /** Who may run a mutation: its own rule, else the "*" rule. */
  mutationRule(name: string): MutationRule;
  /** The retention rule that applies to a category: the nearest ancestor's, else "default". */
  retentionFor(category: string): RetentionRule;
  /** Whether a category is a direct identifier. */
  isIdentifier(category: string): boolean;
  /** The `fideslang:` table: fideslang data-category keys → the policy's categories (null: not personal). */
  readonly fideslang: ReadonlyMap<string, string | null>;
  /** A fideslang key's category by its nearest mapped ancestor; undefined when the table does not map it. */
  fromFideslang(key: string): string | null | undefined;
}
