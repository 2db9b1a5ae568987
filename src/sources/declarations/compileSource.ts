import path from 'node:path';
import type { Policy } from '../../policy/Policy';
import { COLLECTION_KEYS, UNSETTLED, checkCategory, hiddenPaths, readFields, readIdentities, readMap, readProfile, readText } from './compileCollection';
import type { CollectionContext } from './compileCollection';
import { compileFidesDataset } from './compileFidesDataset';
import { readConsentHook } from './readConsentHook';
import { DeclarationError, describe } from './DeclarationError';
import { GRAPHQL_NAME, camel, pascal } from './names';
import type { RawSource } from './readSourcesFiles';
import type { CollectionDeclaration, FieldDeclaration, ReferenceEdge, SourceDeclaration } from './SourceDeclaration';

/** What the registry tells the compiler about a kind: the keys it adds, and those it needs. */
export interface KindKeys {
  readonly keys: readonly string[];
  readonly collectionKeys: readonly string[];
  /** The kind cannot run without a url (no embedded variant). */
  readonly requiresUrl: boolean;
  /** The kind describes its collections itself (a hand-written client), so the declaration needs none. */
  readonly ownCollections?: boolean;
}

const SOURCE_KEYS = ['kind', 'url', 'description', 'dataset', 'collections', 'maxHops', 'onConsentChange', ...COLLECTION_KEYS];

/**
 * One declaration (our format, a Fides dataset, or a dataset with our overrides on top) compiled
 * against the policy: every category known, every personal field categorised, every reference
 * pointing at a collection and path that exist. Stops start-up with the file and key named.
 */
export function compileSource(source: RawSource, options: { policy: Policy; kinds: ReadonlyMap<string, KindKeys>; describeOnly?: boolean }): SourceDeclaration {
  const { raw, file } = source;
  const at = `sources.${source.name}`;
  if (!options.describeOnly && source.unset.length > 0) throw source.unset[0];
  const kindName = readText(raw.kind, { file }, `${at}.kind`);
  const kind = options.kinds.get(kindName);
  if (!kind) throw new DeclarationError(file, `${at}.kind`, `one of ${[...options.kinds.keys()].join(', ')}`, describe(kindName));
  const unknown = Object.keys(raw).find((k) => !SOURCE_KEYS.includes(k) && !kind.keys.includes(k) && !kind.collectionKeys.includes(k));
  if (unknown) throw new DeclarationError(file, `${at}.${unknown}`, `a key of kind ${kindName} (${[...SOURCE_KEYS.slice(0, 6), ...kind.keys].join(', ')}, …)`, 'an unknown key');
  if (kind.requiresUrl && !options.describeOnly && (raw.url === undefined || raw.url === '')) throw new DeclarationError(file, `${at}.url`, `a url for kind ${kindName} (a \${VARIABLE} that is set, or a literal)`, 'none (is its environment variable set?)');
  const ctx: CollectionContext = { file, at, policy: options.policy };
  const warnings: string[] = [];
  const fromDataset = raw.dataset === undefined ? [] : compileFidesDataset({ file: path.resolve(source.dir, readText(raw.dataset, ctx, `${at}.dataset`)), source: source.name, policy: options.policy, warnings });
  const written = raw.collections === undefined
    ? (raw.table !== undefined || raw.collection !== undefined ? { [String(raw.table ?? raw.collection)]: pick(raw, [...COLLECTION_KEYS, ...kind.collectionKeys]) } : {})
    : readMap(raw.collections, ctx, `${at}.collections`);
  const collections = mergeCollections(fromDataset, written, { ...ctx, kindKeys: kind.collectionKeys, source: source.name });
  if (collections.length === 0 && !kind.ownCollections) throw new DeclarationError(file, at, 'a `dataset:`, a `table:`/`collection:`, or `collections:`', 'none');
  const edges = readEdges(collections, written, ctx, fromDataset.flatMap((d) => d.edges));
  const maxHops = raw.maxHops === undefined ? 4 : Number(raw.maxHops);
  if (!Number.isInteger(maxHops) || maxHops < 0 || maxHops > 10) throw new DeclarationError(file, `${at}.maxHops`, 'an integer from 0 to 10', describe(raw.maxHops));
  const options_ = Object.fromEntries(Object.entries(raw).filter(([k]) => k === 'url' || kind.keys.includes(k)));
  return {
    name: source.name,
    kind: kindName,
    file,
    system: typeof raw.description === 'string' ? raw.description : `${source.name} (${kindName})`,
    options: { ...options_, dir: source.dir },
    collections: collections.map((c) => withErasure(c, options.policy)),
    edges,
    maxHops,
    warnings,
    onConsentChange: raw.onConsentChange === undefined ? null : readConsentHook(raw.onConsentChange, ctx),
  };
}

const pick = (raw: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(Object.entries(raw).filter(([k]) => keys.includes(k)));

/** Dataset collections, with what the declaration writes about them laid on top (names, dates, flags, fields). */
function mergeCollections(
  fromDataset: ReadonlyArray<{ collection: CollectionDeclaration }>,
  written: Record<string, unknown>,
  ctx: CollectionContext & { kindKeys: readonly string[]; source: string },
): CollectionDeclaration[] {
  const out = new Map(fromDataset.map((d) => [d.collection.name, d.collection]));
  for (const [name, spec] of Object.entries(written)) {
    const key = `${ctx.at}.collections.${name}`;
    const s = readMap(spec, ctx, key);
    const unknown = Object.keys(s).find((k) => !(COLLECTION_KEYS as readonly string[]).includes(k) && !ctx.kindKeys.includes(k));
    if (unknown) throw new DeclarationError(ctx.file, `${key}.${unknown}`, `a collection key (${COLLECTION_KEYS.join(', ')})`, 'an unknown key');
    const base = out.get(name);
    const subjectField = s.field === undefined ? base?.subjectField ?? camel(`${ctx.source}_${name}`) : readText(s.field, ctx, `${key}.field`, GRAPHQL_NAME);
    const recordType = s.type === undefined ? base?.recordType ?? pascal(`${ctx.source}_${name}`) : readText(s.type, ctx, `${key}.type`, GRAPHQL_NAME);
    const fields = s.fields === undefined ? base?.fields ?? [] : readFields(s.fields, ctx, `${key}.fields`, recordType, false);
    const identities = s.identities === undefined ? base?.identities ?? [] : readIdentities(s.identities, ctx, `${key}.identities`);
    const profile = s.profile === undefined ? base?.profile ?? {} : readProfile(s.profile, ctx, `${key}.profile`);
    const hidden = s.hidden === undefined ? [] : Object.entries(readMap(s.hidden, ctx, `${key}.hidden`)).map(([from, category]) => ({ from, category: checkCategory(category, ctx, `${key}.hidden.${from}`) ?? '' })).filter((h) => h.category !== '');
    const text = (k: string) => (s[k] === undefined ? null : readText(s[k], ctx, `${key}.${k}`));
    const erasure = s.erasure === undefined ? base?.erasure ?? null : s.erasure === 'delete' || s.erasure === 'depersonalize' ? s.erasure : null;
    if (s.erasure !== undefined && erasure === null) throw new DeclarationError(ctx.file, `${key}.erasure`, 'delete or depersonalize', describe(s.erasure));
    const c: CollectionDeclaration = {
      name,
      table: typeof (s.table ?? s.collection) === 'string' ? String(s.table ?? s.collection) : base?.table ?? name,
      subjectField,
      recordType,
      description: text('description') ?? base?.description ?? null,
      primaryKey: s.primaryKey === undefined ? base?.primaryKey ?? [] : (Array.isArray(s.primaryKey) ? s.primaryKey : [s.primaryKey]).map((p, i) => readText(p, ctx, `${key}.primaryKey[${i}]`)),
      identities,
      createdAt: text('createdAt') ?? base?.createdAt ?? null,
      profile,
      restrictFlag: text('restrictFlag') ?? base?.restrictFlag ?? null,
      retainedUntil: text('retainedUntil') ?? base?.retainedUntil ?? null,
      erasure,
      fields,
      othersData: s.othersData === undefined ? base?.othersData ?? [] : (Array.isArray(s.othersData) ? s.othersData : []).map((p, i) => readText(p, ctx, `${key}.othersData[${i}]`)),
      hidden: [],
    };
    out.set(name, { ...c, hidden: hiddenPaths(c, [...(base?.hidden ?? []), ...hidden]) });
  }
  return [...out.values()];
}

/** `links: [{ from: tickets.id, to: ticket_id }]`: records reached from another collection's records. */
function readEdges(collections: readonly CollectionDeclaration[], written: Record<string, unknown>, ctx: CollectionContext, fromDataset: readonly ReferenceEdge[]): ReferenceEdge[] {
  const edges = [...fromDataset];
  for (const [name, spec] of Object.entries(written)) {
    const links = (spec as Record<string, unknown>).links;
    if (links === undefined) continue;
    if (!Array.isArray(links)) throw new DeclarationError(ctx.file, `${ctx.at}.collections.${name}.links`, 'a list of { from: <collection>.<path>, to: <path> }', describe(links));
    links.forEach((link, i) => {
      const key = `${ctx.at}.collections.${name}.links[${i}]`;
      const l = readMap(link, ctx, key);
      const from = readText(l.from, ctx, `${key}.from`);
      const dot = from.indexOf('.');
      edges.push({ fromCollection: from.slice(0, dot), fromPath: from.slice(dot + 1), toCollection: name, toPath: readText(l.to, ctx, `${key}.to`) });
    });
  }
  const names = new Set(collections.map((c) => c.name));
  for (const e of edges) {
    if (!names.has(e.fromCollection)) throw new DeclarationError(ctx.file, `${ctx.at} reference ${e.fromCollection}.${e.fromPath} → ${e.toCollection}.${e.toPath}`, `a collection of this source (${[...names].join(', ')})`, describe(e.fromCollection));
    if (!names.has(e.toCollection)) throw new DeclarationError(ctx.file, `${ctx.at} reference → ${e.toCollection}`, `a collection of this source (${[...names].join(', ')})`, describe(e.toCollection));
  }
  return edges;
}

/** With no erasure declared, the policy's retention rules decide per collection: any category kept as statistics depersonalizes. */
function withErasure(c: CollectionDeclaration, policy: Policy): CollectionDeclaration {
  const statistics = (category: string | null) => category !== null && policy.retentionFor(category).afterErasure === 'depersonalize';
  const settle = (fields: readonly FieldDeclaration[], inherited: string | null): FieldDeclaration[] => fields.map((f) => {
    const category = f.category ?? inherited;
    const mask = f.mask === UNSETTLED ? (statistics(category) && !policy.isIdentifier(category ?? '') ? { kind: 'keep' as const } : { kind: 'null' as const }) : f.mask;
    return { ...f, mask, fields: f.fields ? settle(f.fields, category) : null };
  });
  const categories = [...c.fields.map((f) => f.category), ...c.hidden.map((h) => h.category)].filter((x): x is string => x !== null);
  const erasure = c.erasure ?? (categories.some(statistics) ? 'depersonalize' : 'delete');
  return { ...c, erasure, fields: settle(c.fields, null) };
}
