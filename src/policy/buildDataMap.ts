import type { CollectionDescriptor, ConnectorDescriptor } from '../sources/Connector';
import { IDENTITY_FACTS, PROFILE_FACTS } from '../subjects/subjectFacts';
import { sourceCategories } from '../sources/sourceCategories';
import { accessTo } from './accessTo';
import { covers } from './categoryTree';
import type { Policy, RetentionRule } from './Policy';

export interface DataMapField {
  name: string;
  category: string | null;
}

export interface DataMapCollection {
  name: string;
  field: string;
  type: string;
  fields: DataMapField[];
}

export interface DataMap {
  policyVersion: string;
  sources: Array<{ name: string; system: string; categories: string[]; purposes: string[]; recipients: string[]; retention: string[]; capabilities: string[]; collections: DataMapCollection[] }>;
  purposes: Array<{ id: string; description: string; basis: string; categories: string[]; roles: string[]; seesBlocked: boolean; requiresConsent: boolean; depersonalized: boolean }>;
  categories: Array<{ name: string; description: string; identifier: boolean; retention: string; sources: string[] }>;
  /** The category of each profile field and identity type: what a reader of `DataSubject` needs besides the collections. */
  profile: DataMapField[];
  identities: DataMapField[];
}

const collectionOf = (c: CollectionDescriptor): DataMapCollection => ({
  name: c.name,
  field: c.subjectField,
  type: c.recordType,
  fields: Object.entries(c.fields).map(([name, category]) => ({ name, category })),
});

/** The records of processing (GDPR art. 30) from the same policy and connectors the gateway enforces. */
export function buildDataMap(policy: Policy, connectors: readonly ConnectorDescriptor[]): DataMap {
  const categoriesOf = (c: ConnectorDescriptor) => sourceCategories(c);
  const sources = connectors.map((c) => {
    const categories = categoriesOf(c);
    const purposes = [...policy.purposes.values()].filter((p) => categories.some((cat) => accessTo(policy, p, cat) !== 'FORBIDDEN')).map((p) => p.id);
    const holds = policy.holds.filter((h) => categories.some((cat) => h.categories.some((hc) => covers(hc, cat))));
    const retention = [...new Set(categories.map((cat) => `${cat}: ${clockText(policy.retentionFor(cat))}`)), ...holds.map((h) => `legal hold "${h.name}": ${h.years} years (${h.basis})`)];
    return { name: c.name, system: c.system, categories, purposes, recipients: [...(policy.recipients.get(c.name) ?? [])], retention, capabilities: [...c.capabilities], collections: c.collections.map(collectionOf) };
  });
  // The gateway's own state is a system of records too: consents (with their evidence), the audit
  // log and the request ledger (keyed hashes, identities only while a request runs), export files.
  const stateCategories = [...policy.categories.keys()].filter((c) => c === 'consent' || c.startsWith('consent.'));
  sources.push({
    name: 'gateway',
    system: 'privacy-gateway state (PostgreSQL: GATEWAY_STATE_URL, or embedded PGlite): consents, audit log, request ledger, exports',
    categories: stateCategories,
    purposes: [...policy.purposes.values()].filter((p) => stateCategories.some((c) => policy.allows(p.id, c))).map((p) => p.id),
    recipients: [],
    retention: [
      'consents: history kept while the subject is known; cleared when the subject is erased',
      'audit log: append-only, kept as proof of lawful processing (identifiers only as pseudonymous subject ids)',
      'request ledger: identities only while a request runs, then keyed hashes',
      'export files: under the data directory until removed by the operator',
    ],
    capabilities: ['read', 'delete'],
    collections: [],
  });
  const purposes = [...policy.purposes.values()].map((p) => ({
    id: p.id,
    description: p.description,
    basis: p.basis,
    categories: [...policy.categories.keys()].filter((cat) => policy.allows(p.id, cat)),
    roles: [...policy.roles.entries()].filter(([, ps]) => ps.includes(p.id)).map(([r]) => r),
    seesBlocked: p.seesBlocked,
    requiresConsent: p.requiresConsent,
    depersonalized: p.depersonalized,
  }));
  const categories = [...policy.categories.values()].map((c) => ({
    name: c.name,
    description: c.description,
    identifier: c.identifier,
    retention: policy.retentionFor(c.name).period,
    sources: sources.filter((s) => s.categories.some((sc) => covers(c.name, sc))).map((s) => s.name),
  }));
  const profile = Object.entries(PROFILE_FACTS).map(([name, f]) => ({ name, category: f.category }));
  const identities = Object.entries(IDENTITY_FACTS).map(([name, f]) => ({ name, category: f.category }));
  return { policyVersion: policy.version, sources, purposes, categories, profile, identities };
}

/** A rule as the records of processing say it: its text, and what the retention clock enforces. */
function clockText(rule: RetentionRule): string {
  return `${rule.period} (on the clock: ${rule.keepFor.text} from the record's date, then ${rule.then})`;
}
