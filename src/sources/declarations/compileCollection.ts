import { identityCategory } from '../../policy/identityCategory';
import type { Policy } from '../../policy/Policy';
import type { Profile } from '../Connector';
import type { IdentityType } from '../Identity';
import { IDENTITY_TYPES } from '../Identity';
import { DeclarationError, describe } from './DeclarationError';
import { GRAPHQL_NAME } from './names';
import type { CollectionDeclaration, FieldDeclaration, Mask } from './SourceDeclaration';

/** Profile values and their categories: the one table the declarations read. */
export const PROFILE_CATEGORIES: Readonly<Record<keyof Profile, string>> = { name: 'identity.name', email: 'contact.email', phone: 'contact.phone', address: 'contact.address' };

export const COLLECTION_KEYS = ['table', 'collection', 'identities', 'field', 'type', 'description', 'primaryKey', 'createdAt', 'profile', 'restrictFlag', 'retainedUntil', 'erasure', 'fields', 'othersData', 'hidden', 'links'] as const;
const FIELD_KEYS = ['from', 'category', 'type', 'fields', 'list', 'enum', 'mask'];

/** A mask not declared: `compileSource` settles it from the policy's retention rules. */
export const UNSETTLED: Mask = Object.freeze({ kind: 'null' as const });

export interface CollectionContext {
  readonly file: string;
  readonly at: string;
  readonly policy: Policy;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readMap(value: unknown, ctx: { file: string }, key: string): Record<string, unknown> {
  if (!isMap(value)) throw new DeclarationError(ctx.file, key, 'a map', describe(value));
  return value;
}

export function readText(value: unknown, ctx: { file: string }, key: string, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.trim() === '' || (pattern && !pattern.test(value))) throw new DeclarationError(ctx.file, key, pattern ? `a name matching ${pattern}` : 'a non-empty string', describe(value));
  return value;
}

export function checkCategory(category: unknown, ctx: CollectionContext, key: string): string | null {
  if (category === null) return null;
  const text = readText(category, ctx, key);
  if (!ctx.policy.categories.has(text)) throw new DeclarationError(ctx.file, key, `a category the policy defines (${[...ctx.policy.categories.keys()].slice(0, 6).join(', ')}, …) or null`, describe(text));
  return text;
}

/** Undeclared (undefined) masks are settled by the policy when the source is compiled. */
function readMask(value: unknown, ctx: CollectionContext, key: string): Mask | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === 'null') return { kind: 'null' };
  if (value === 'hash') return { kind: 'hash' };
  if (value === 'keep') return { kind: 'keep' };
  if (isMap(value) && typeof value.fixed === 'string') return { kind: 'fixed', value: value.fixed };
  throw new DeclarationError(ctx.file, key, 'null, "hash", "keep" or { fixed: "text" }', describe(value));
}

/** Fields of our own format: `name: { from, category, type, fields, list, enum, mask }`. */
export function readFields(raw: unknown, ctx: CollectionContext, key: string, typePrefix: string, underCategory: boolean): FieldDeclaration[] {
  return Object.entries(readMap(raw, ctx, key)).map(([name, spec]) => {
    const at = `${key}.${name}`;
    if (!GRAPHQL_NAME.test(name) || name === 'id' || name === 'source') throw new DeclarationError(ctx.file, at, 'a GraphQL field name other than `id` and `source` (every record has those)', describe(name));
    const s = readMap(spec, ctx, at);
    const unknown = Object.keys(s).find((k) => !FIELD_KEYS.includes(k));
    if (unknown) throw new DeclarationError(ctx.file, `${at}.${unknown}`, `one of ${FIELD_KEYS.join(', ')}`, 'an unknown key');
    if (!underCategory && !('category' in s)) throw new DeclarationError(ctx.file, `${at}.category`, 'a category, or null for a value that is not personal data (deny by default)', 'none');
    const category = underCategory ? null : checkCategory(s.category, ctx, `${at}.category`);
    const list = s.list === true || (typeof s.type === 'string' && s.type.startsWith('['));
    const enumValues = s.enum === undefined ? null : (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string' && GRAPHQL_NAME.test(v)) ? (s.enum as string[]) : null);
    if (s.enum !== undefined && !enumValues) throw new DeclarationError(ctx.file, `${at}.enum`, 'a list of enum value names', describe(s.enum));
    const nestedType = typeof s.type === 'string' ? s.type.replace(/[[\]!]/g, '') : `${typePrefix}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
    const fields = s.fields === undefined ? null : readFields(s.fields, ctx, `${at}.fields`, nestedType, underCategory || category !== null);
    const type = typeof s.type === 'string' ? s.type : fields ? nestedType : enumValues ? nestedType : 'String';
    if (!/^\[?[_A-Za-z][_0-9A-Za-z]*!?\]?!?$/.test(type)) throw new DeclarationError(ctx.file, `${at}.type`, 'a GraphQL output type like String, Float, [String!]', describe(type));
    return { name, from: s.from === undefined ? name : readText(s.from, ctx, `${at}.from`), category, type, fields, list, enumValues, mask: readMask(s.mask, ctx, `${at}.mask`) ?? UNSETTLED };
  });
}

/** `identities: { EMAIL: email, PHONE: [phone, alt_phone] }`. */
export function readIdentities(raw: unknown, ctx: CollectionContext, key: string): CollectionDeclaration['identities'] {
  if (raw === undefined) return [];
  return Object.entries(readMap(raw, ctx, key)).flatMap(([type, from]) => {
    if (!(IDENTITY_TYPES as readonly string[]).includes(type)) throw new DeclarationError(ctx.file, `${key}.${type}`, `an identity type (${IDENTITY_TYPES.join(', ')})`, describe(type));
    const paths = Array.isArray(from) ? from : [from];
    return paths.map((p, i) => ({ type: type as IdentityType, from: readText(p, ctx, Array.isArray(from) ? `${key}.${type}[${i}]` : `${key}.${type}`) }));
  });
}

export function readProfile(raw: unknown, ctx: CollectionContext, key: string): CollectionDeclaration['profile'] {
  if (raw === undefined) return {};
  const out: Partial<Record<keyof Profile, string>> = {};
  for (const [field, from] of Object.entries(readMap(raw, ctx, key))) {
    if (!(field in PROFILE_CATEGORIES)) throw new DeclarationError(ctx.file, `${key}.${field}`, `a profile field (${Object.keys(PROFILE_CATEGORIES).join(', ')})`, describe(field));
    out[field as keyof Profile] = readText(from, ctx, `${key}.${field}`);
  }
  return out;
}

/**
 * Personal paths that are not exposed fields — identities and profile values, and `hidden:` —
 * with their categories: an erasure destroys them, the data map lists them.
 */
export function hiddenPaths(c: Pick<CollectionDeclaration, 'identities' | 'profile' | 'fields'>, extra: CollectionDeclaration['hidden']): CollectionDeclaration['hidden'] {
  const exposed = new Set(c.fields.filter((f) => f.category !== null).map((f) => f.from));
  const out = new Map<string, string>();
  for (const i of c.identities) if (!exposed.has(i.from)) out.set(i.from, identityCategory(i.type));
  for (const [field, from] of Object.entries(c.profile) as Array<[keyof Profile, string]>) if (!exposed.has(from) && !out.has(from)) out.set(from, PROFILE_CATEGORIES[field]);
  for (const h of extra) out.set(h.from, h.category);
  return [...out].map(([from, category]) => ({ from, category }));
}
