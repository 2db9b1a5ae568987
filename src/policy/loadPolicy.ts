import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ancestorsAndSelf, covers } from './categoryTree';
import type { IsoDuration } from './isoDuration';
import { longerThan, parseIsoDuration } from './isoDuration';
import type { CategoryInfo, Deadlines, LegalHoldRule, MutationRule, Policy, Purpose, RateLimit, RetentionRule, ThirdParty } from './Policy';
import { LEGAL_BASES } from './Policy';
import { PolicyError } from './PolicyError';
import { readNotices } from './readNotices';
import { readNotify } from './readNotify';
import { readStatistics } from './readStatistics';
import type { Raw } from './readPolicyFile';
import { checkKeys, isObject, readBoolean, readNumber, readObject, readOneOf, readString, readStrings } from './readPolicyFile';

export const DEFAULT_POLICY_FILE = path.join(__dirname, '..', '..', 'policy', 'default.yaml');

/** Reads, validates and compiles a policy file (YAML or JSON). Throws PolicyError naming the key. */
export function loadPolicy(file: string = DEFAULT_POLICY_FILE): Policy {
  const text = readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (cause) {
    throw new PolicyError(path.basename(file), 'valid YAML or JSON', (cause as Error).message);
  }
  return compilePolicy(raw, createHash('sha256').update(text).digest('hex'));
}

export function compilePolicy(input: unknown, digest: string): Policy {
  const raw = readObject(input, '(root)');
  checkKeys(raw, '(root)', ['version', 'categories', 'purposes', 'roles', 'mutations', 'holds', 'retention', 'recipients', 'thirdParties', 'deadlines', 'fideslang', 'notices', 'rateLimit', 'statistics']);
  const categories = readCategories(readObject(raw.categories, 'categories'));
  const purposes = readPurposes(readObject(raw.purposes, 'purposes'), categories);
  const roles = readRoles(readObject(raw.roles, 'roles'), purposes);
  const mutations = readMutations(readObject(raw.mutations ?? {}, 'mutations'), roles, purposes);
  const holds = readHolds(readObject(raw.holds ?? {}, 'holds'), categories);
  const retention = readRetention(readObject(raw.retention ?? {}, 'retention'), categories);
  const recipients = new Map(Object.entries(readObject(raw.recipients ?? {}, 'recipients')).map(([source, list]) => [source, readStrings(list, `recipients.${source}`)] as const));
  const thirdParties = readThirdParties(readObject(raw.thirdParties ?? {}, 'thirdParties'), purposes, categories);
  const deadlines = readDeadlines(readObject(raw.deadlines ?? {}, 'deadlines'));
  const fideslang = readFideslang(readObject(raw.fideslang ?? {}, 'fideslang'), categories);
  const version = readString(raw.version, 'version');
  const notices = raw.notices === undefined ? null : readNotices(readObject(raw.notices, 'notices'));
  const rateLimit = readRateLimit(raw.rateLimit);
  const statistics = readStatistics(raw.statistics);

  // Decided once here: purpose × category is a fixed table, so reads never walk the tree.
  const allowCache = new Map<string, boolean>();
  const allows = (purposeId: string, category: string): boolean => {
    const key = `${purposeId}\u0000${category}`;
    let answer = allowCache.get(key);
    if (answer === undefined) {
      const purpose = purposes.get(purposeId);
      answer = purpose !== undefined && categories.has(category) && purpose.grants.some((g) => covers(g, category));
      allowCache.set(key, answer);
    }
    return answer;
  };
  const fallbackMutation: MutationRule = mutations.get('*') ?? { roles: [], purposes: [] };
  return {
    version,
    digest,
    categories,
    purposes,
    roles,
    mutations,
    holds,
    retention,
    recipients,
    thirdParties,
    deadlines,
    notices,
    rateLimit,
    statistics,
    allows,
    mayDeclare: (roleNames, purpose) => roleNames.some((r) => roles.get(r)?.includes(purpose) ?? false),
    mutationRule: (name) => mutations.get(name) ?? fallbackMutation,
    retentionFor: (category) => {
      const hit = ancestorsAndSelf(category).reverse().find((c) => retention.has(c));
      return retention.get(hit ?? 'default') as RetentionRule;
    },
    isIdentifier: (category) => categories.get(category)?.identifier ?? false,
    fideslang,
    fromFideslang: (key) => {
      // The key itself, else the nearest ancestor mapped with `.*` (`user.contact.address.*` covers
      // `user.contact.address.city`; a plain `user` maps that key alone, so nothing is mapped by accident).
      if (fideslang.has(key)) return fideslang.get(key) as string | null;
      for (let k = key; k.includes('.'); ) {
        k = k.slice(0, k.lastIndexOf('.'));
        if (fideslang.has(`${k}.*`)) return fideslang.get(`${k}.*`) as string | null;
      }
      return undefined;
    },
  };
}

function readCategories(raw: Raw): Map<string, CategoryInfo> {
  const out = new Map<string, CategoryInfo>();
  const walk = (node: Raw, parent: string | null, keyPath: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (!/^[a-z][a-z0-9_]*$/.test(key)) throw new PolicyError(`${keyPath}.${key}`, 'a lower-case category name', key);
      const name = parent ? `${parent}.${key}` : key;
      const spec = readObject(value, `${keyPath}.${key}`);
      checkKeys(spec, `${keyPath}.${key}`, ['description', 'identifier', 'children']);
      out.set(name, {
        name,
        parent,
        description: readString(spec.description, `${keyPath}.${key}.description`, name),
        identifier: readBoolean(spec.identifier, `${keyPath}.${key}.identifier`),
      });
      if (spec.children !== undefined) walk(readObject(spec.children, `${keyPath}.${key}.children`), name, `${keyPath}.${key}.children`);
    }
  };
  walk(raw, null, 'categories');
  return out;
}

function readGrants(raw: unknown, keyPath: string, categories: ReadonlyMap<string, CategoryInfo>): string[] {
  const grants = readStrings(raw, keyPath);
  grants.forEach((g, i) => {
    if (g !== '*' && !categories.has(g)) throw new PolicyError(`${keyPath}[${i}]`, 'a category defined under `categories` (or "*")', g);
  });
  return grants;
}

function readPurposes(raw: Raw, categories: ReadonlyMap<string, CategoryInfo>): Map<string, Purpose> {
  const out = new Map<string, Purpose>();
  for (const [id, value] of Object.entries(raw)) {
    const p = `purposes.${id}`;
    if (!/^[a-z][a-z0-9_]*$/.test(id)) throw new PolicyError(p, 'a lower-case purpose id', id);
    const spec = readObject(value, p);
    checkKeys(spec, p, ['description', 'basis', 'parent', 'categories', 'seesBlocked', 'requiresConsent', 'depersonalized']);
    out.set(id, {
      id,
      description: readString(spec.description, `${p}.description`, id),
      basis: readOneOf(spec.basis, `${p}.basis`, LEGAL_BASES),
      parent: spec.parent === undefined ? null : readString(spec.parent, `${p}.parent`),
      grants: readGrants(spec.categories, `${p}.categories`, categories),
      seesBlocked: readBoolean(spec.seesBlocked, `${p}.seesBlocked`),
      requiresConsent: readBoolean(spec.requiresConsent, `${p}.requiresConsent`),
      depersonalized: readBoolean(spec.depersonalized, `${p}.depersonalized`),
    });
  }
  for (const purpose of out.values()) checkAgainstParent(purpose, out);
  return out;
}

/** A child purpose may read what its parent may, never more, and inherits its restrictions. */
function checkAgainstParent(purpose: Purpose, all: ReadonlyMap<string, Purpose>): void {
  if (purpose.parent === null) return;
  const seen = new Set<string>([purpose.id]);
  let parent = all.get(purpose.parent);
  if (!parent) throw new PolicyError(`purposes.${purpose.id}.parent`, 'a purpose defined under `purposes`', purpose.parent);
  for (const grant of purpose.grants) {
    if (!parent.grants.some((g) => covers(g, grant))) throw new PolicyError(`purposes.${purpose.id}.categories`, `categories within those of its parent "${parent.id}"`, grant);
  }
  if (purpose.seesBlocked && !parent.seesBlocked) throw new PolicyError(`purposes.${purpose.id}.seesBlocked`, `false, as its parent "${parent.id}"`, true);
  if (parent.requiresConsent && !purpose.requiresConsent) throw new PolicyError(`purposes.${purpose.id}.requiresConsent`, `true, as its parent "${parent.id}"`, false);
  if (parent.depersonalized && !purpose.depersonalized) throw new PolicyError(`purposes.${purpose.id}.depersonalized`, `true, as its parent "${parent.id}"`, false);
  while (parent) {
    if (seen.has(parent.id)) throw new PolicyError(`purposes.${purpose.id}.parent`, 'a purpose tree without cycles', parent.id);
    seen.add(parent.id);
    parent = parent.parent === null ? undefined : all.get(parent.parent);
  }
}

function readRoles(raw: Raw, purposes: ReadonlyMap<string, Purpose>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [role, value] of Object.entries(raw)) {
    const list = readStrings(value, `roles.${role}`);
    list.forEach((p, i) => {
      if (!purposes.has(p)) throw new PolicyError(`roles.${role}[${i}]`, 'a purpose defined under `purposes`', p);
    });
    out.set(role, list);
  }
  return out;
}

function readMutations(raw: Raw, roles: ReadonlyMap<string, unknown>, purposes: ReadonlyMap<string, Purpose>): Map<string, MutationRule> {
  const out = new Map<string, MutationRule>();
  for (const [name, value] of Object.entries(raw)) {
    const spec = readObject(value, `mutations.${name}`);
    checkKeys(spec, `mutations.${name}`, ['roles', 'purposes']);
    const ruleRoles = readStrings(spec.roles, `mutations.${name}.roles`);
    const rulePurposes = readStrings(spec.purposes, `mutations.${name}.purposes`);
    ruleRoles.forEach((r, i) => {
      if (!roles.has(r)) throw new PolicyError(`mutations.${name}.roles[${i}]`, 'a role defined under `roles`', r);
    });
    rulePurposes.forEach((p, i) => {
      if (!purposes.has(p)) throw new PolicyError(`mutations.${name}.purposes[${i}]`, 'a purpose defined under `purposes`', p);
    });
    out.set(name, { roles: ruleRoles, purposes: rulePurposes });
  }
  return out;
}

function readHolds(raw: Raw, categories: ReadonlyMap<string, CategoryInfo>): LegalHoldRule[] {
  return Object.entries(raw).map(([name, value]) => {
    const spec = readObject(value, `holds.${name}`);
    checkKeys(spec, `holds.${name}`, ['basis', 'years', 'categories']);
    return {
      name,
      basis: readString(spec.basis, `holds.${name}.basis`),
      years: readNumber(spec.years, `holds.${name}.years`, { min: 0, max: 100 }),
      categories: readGrants(spec.categories, `holds.${name}.categories`, categories),
    };
  });
}

/** The longest any seed policy allows (CONTRACT.md §4.1): nothing is kept longer, whatever a rule says. */
export const DEFAULT_KEEP_FOR = 'P75Y';

function readRetention(raw: Raw, categories: ReadonlyMap<string, CategoryInfo>): Map<string, RetentionRule> {
  const out = new Map<string, RetentionRule>();
  const read = (category: string, value: unknown, fallbackKeepFor: IsoDuration | null): RetentionRule => {
    const p = `retention.${category}`;
    const spec = readObject(value, p);
    checkKeys(spec, p, ['afterErasure', 'period', 'keepFor', 'then']);
    const afterErasure = readOneOf(spec.afterErasure, `${p}.afterErasure`, ['delete', 'depersonalize'] as const);
    const keepFor = spec.keepFor === undefined && fallbackKeepFor ? fallbackKeepFor : readDuration(spec.keepFor ?? DEFAULT_KEEP_FOR, `${p}.keepFor`);
    if (fallbackKeepFor && longerThan(keepFor, fallbackKeepFor)) throw new PolicyError(`${p}.keepFor`, `a period no longer than retention.default.keepFor (${fallbackKeepFor.text})`, keepFor.text);
    return {
      category,
      afterErasure,
      period: readString(spec.period, `${p}.period`),
      keepFor,
      then: spec.then === undefined ? afterErasure : readOneOf(spec.then, `${p}.then`, ['delete', 'depersonalize'] as const),
    };
  };
  const fallback = read('default', raw.default ?? { afterErasure: 'delete', period: 'until erasure or end of the purpose' }, null);
  out.set('default', fallback);
  for (const [category, value] of Object.entries(raw)) {
    if (category === 'default') continue;
    if (!categories.has(category)) throw new PolicyError(`retention.${category}`, 'a category defined under `categories` (or "default")', category);
    out.set(category, read(category, value, fallback.keepFor));
  }
  return out;
}

function readDuration(raw: unknown, keyPath: string): IsoDuration {
  const duration = typeof raw === 'string' ? parseIsoDuration(raw) : null;
  if (!duration) throw new PolicyError(keyPath, 'an ISO 8601 duration such as P3Y, P6M or PT1H', raw);
  return duration;
}

function readDeadlines(raw: Raw): Deadlines {
  const fz = raw.fz152 === undefined || raw.fz152 === null ? null : readObject(raw.fz152, 'deadlines.fz152');
  const gdpr = raw.gdpr === undefined || raw.gdpr === null ? null : readObject(raw.gdpr, 'deadlines.gdpr');
  if (!fz && !gdpr) throw new PolicyError('deadlines', 'at least one of fz152, gdpr', raw);
  return {
    fz152: fz && {
      workingDays: readNumber(fz.workingDays, 'deadlines.fz152.workingDays', { min: 1, max: 60 }),
      extensionWorkingDays: isObject(fz) && fz.extensionWorkingDays !== undefined ? readNumber(fz.extensionWorkingDays, 'deadlines.fz152.extensionWorkingDays', { min: 0, max: 60 }) : 0,
    },
    gdpr: gdpr && { months: readNumber(gdpr.months, 'deadlines.gdpr.months', { min: 1, max: 3 }) },
  };
}

/** `rateLimit: { burst, perMinute }`; `rateLimit: off` (or left out) for none. */
function readRateLimit(raw: unknown): RateLimit | null {
  if (raw === undefined || raw === 'off') return null;
  const spec = readObject(raw, 'rateLimit');
  checkKeys(spec, 'rateLimit', ['burst', 'perMinute']);
  return {
    burst: readNumber(spec.burst, 'rateLimit.burst', { min: 1, max: 1_000_000 }),
    perMinute: readNumber(spec.perMinute, 'rateLimit.perMinute', { min: 1, max: 100_000_000 }),
  };
}

/** fideslang key → the policy's category, or null for keys that are not personal data (`system.*`). */
function readFideslang(raw: Raw, categories: ReadonlyMap<string, CategoryInfo>): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const [key, value] of Object.entries(raw)) {
    if (!/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/.test(key)) throw new PolicyError(`fideslang.${key}`, 'a fideslang key like user.contact.email, or a subtree like user.contact.*', key);
    if (value === null) out.set(key, null);
    else {
      const category = readString(value, `fideslang.${key}`);
      if (!categories.has(category)) throw new PolicyError(`fideslang.${key}`, 'a category defined under `categories`, or null for data that is not personal', category);
      out.set(key, category);
    }
  }
  return out;
}

/**
 * Recipients outside the company. A recipient on consent receives data only through purposes
 * that require consent: the subject gate then holds every disclosure to it to that consent.
 */
function readThirdParties(raw: Raw, purposes: ReadonlyMap<string, Purpose>, categories: ReadonlyMap<string, CategoryInfo>): Map<string, ThirdParty> {
  const out = new Map<string, ThirdParty>();
  for (const [id, value] of Object.entries(raw)) {
    const p = `thirdParties.${id}`;
    if (!/^[a-z][a-z0-9_]*$/.test(id)) throw new PolicyError(p, 'a lower-case recipient id', id);
    const spec = readObject(value, p);
    checkKeys(spec, p, ['name', 'basis', 'purposes', 'categories', 'notify']);
    const basis = readOneOf(spec.basis, `${p}.basis`, LEGAL_BASES);
    const via = readStrings(spec.purposes, `${p}.purposes`);
    via.forEach((purposeId, i) => {
      const purpose = purposes.get(purposeId);
      if (!purpose) throw new PolicyError(`${p}.purposes[${i}]`, 'a purpose defined under `purposes`', purposeId);
      if (basis === 'consent' && !purpose.requiresConsent) throw new PolicyError(`${p}.purposes[${i}]`, 'a purpose that requires consent, as the recipient receives data on consent', purposeId);
    });
    out.set(id, { id, name: readString(spec.name, `${p}.name`), basis, purposes: via, categories: readGrants(spec.categories ?? ['*'], `${p}.categories`, categories), notify: spec.notify === undefined ? null : readNotify(spec.notify, `${p}.notify`) });
  }
  return out;
}

