import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { identityCategory } from '../../policy/identityCategory';
import type { Policy } from '../../policy/Policy';
import type { IdentityType } from '../Identity';
import { PROFILE_CATEGORIES, UNSETTLED, hiddenPaths } from './compileCollection';
import { DeclarationError, describe } from './DeclarationError';
import { camel, pascal } from './names';
import type { CollectionDeclaration, FieldDeclaration, ReferenceEdge } from './SourceDeclaration';

/** Fides' identity names (fides_meta.identity) → ours. */
const FIDES_IDENTITIES: Readonly<Record<string, IdentityType>> = { email: 'EMAIL', phone_number: 'PHONE' };
const FIDES_TYPES: Readonly<Record<string, string>> = { string: 'String', integer: 'Int', float: 'Float', boolean: 'Boolean', object_id: 'String', 'string[]': '[String!]', 'integer[]': '[Int!]', 'float[]': '[Float!]' };

interface FidesField {
  name: string;
  data_categories?: string[];
  fides_meta?: { identity?: string; primary_key?: boolean; data_type?: string; references?: Array<{ dataset?: string; field: string; direction?: 'from' | 'to' }>; data_categories?: string[] };
  fields?: FidesField[];
}

/**
 * A Fides dataset file, used unchanged: each collection becomes a collection of the source
 * (default names per CONTRACT.md §7), each field's fideslang categories map through the policy's
 * `fideslang:` table, `fides_meta.identity` seeds identity resolution, `fides_meta.references` inside
 * the dataset become reference edges. A key the table does not map stops start-up, naming the
 * dataset, collection and field. Fields without categories are not exposed (nothing says what they
 * hold: deny by default), and references to other datasets are not followed; both are warnings.
 */
export function compileFidesDataset(options: { file: string; source: string; policy: Policy; warnings: string[] }): Array<{ collection: CollectionDeclaration; edges: ReferenceEdge[] }> {
  const label = path.relative(process.cwd(), options.file) || options.file;
  let doc: unknown;
  try {
    doc = parse(readFileSync(options.file, 'utf8'));
  } catch (error) {
    throw new DeclarationError(label, '(file)', 'a readable Fides dataset YAML file', (error as Error).message.split('\n')[0]);
  }
  const dataset = (doc as { dataset?: unknown })?.dataset;
  const first = Array.isArray(dataset) ? (dataset[0] as { fides_key?: string; collections?: unknown }) : undefined;
  if (!first || !Array.isArray(first.collections)) throw new DeclarationError(label, 'dataset[0].collections', 'a Fides dataset (dataset: [{ fides_key, collections: [...] }])', describe(dataset));
  const key = String(first.fides_key ?? '');
  return (first.collections as Array<{ name: string; fields?: FidesField[] }>).map((raw) => {
    const at = (field: string) => `dataset ${key}, collection ${raw.name}, field ${field}`;
    const categoryOf = (f: FidesField, pathName: string): string | null | undefined => {
      const keys = f.data_categories ?? f.fides_meta?.data_categories;
      if (!keys || keys.length === 0) return undefined;
      const mapped = keys.map((k) => {
        const c = options.policy.fromFideslang(k);
        if (c === undefined) throw new DeclarationError(label, at(pathName), `a fideslang category the policy's \`fideslang:\` table maps`, describe(k));
        return c;
      });
      return mapped.find((c) => c !== null) ?? null;
    };
    const identities: Array<{ type: IdentityType; from: string }> = [];
    const primaryKey: string[] = [];
    const edges: ReferenceEdge[] = [];
    const walk = (fields: readonly FidesField[], prefix: string, typePrefix: string): FieldDeclaration[] => fields.flatMap((f): FieldDeclaration[] => {
      const p = prefix ? `${prefix}.${f.name}` : f.name;
      const meta = f.fides_meta ?? {};
      const identity = meta.identity === undefined ? undefined : FIDES_IDENTITIES[meta.identity];
      if (meta.identity !== undefined && !identity) throw new DeclarationError(label, at(p), `an identity Fides and the gateway share (${Object.keys(FIDES_IDENTITIES).join(', ')})`, describe(meta.identity));
      if (identity) identities.push({ type: identity, from: p });
      if (meta.primary_key) primaryKey.push(p);
      for (const ref of meta.references ?? []) {
        const [target, ...rest] = ref.field.split('.');
        if (ref.dataset !== undefined && ref.dataset !== key) {
          options.warnings.push(`${label}: ${at(p)}: reference to ${ref.dataset}.${ref.field} (another dataset) is not followed`);
          continue;
        }
        const other = { collection: target as string, path: rest.join('.') };
        edges.push(ref.direction === 'from'
          ? { fromCollection: other.collection, fromPath: other.path, toCollection: raw.name, toPath: p }
          : { fromCollection: raw.name, fromPath: p, toCollection: other.collection, toPath: other.path });
      }
      const declared = categoryOf(f, p);
      const category = declared !== undefined && declared !== null ? declared : identity ? identityCategory(identity) : declared;
      const name = camel(f.name);
      if (prefix === '' && (f.name === '_id' || name === 'id' || name === 'source')) return [];
      const dataType = meta.data_type ?? '';
      if (f.fields && f.fields.length > 0) {
        const nestedType = `${typePrefix}${pascal(f.name)}`;
        const sub = walk(f.fields, p, nestedType);
        if (sub.length === 0 && category === undefined) return [];
        return [{ name, from: f.name, category: category ?? null, type: nestedType, fields: sub, list: dataType.endsWith('[]'), enumValues: null, mask: UNSETTLED }];
      }
      if (category === undefined) {
        options.warnings.push(`${label}: ${at(p)}: no data_categories, not exposed`);
        return [];
      }
      const type = FIDES_TYPES[dataType] ?? 'String';
      return [{ name, from: f.name, category, type, fields: null, list: type.startsWith('['), enumValues: null, mask: UNSETTLED }];
    });
    const fields = walk(raw.fields ?? [], '', pascal(`${options.source}_${raw.name}`));
    // A collection found by identity speaks for the person: its top-level name, email, phone and
    // address join the merged profile (the customer row does; a product does not).
    const profile: Partial<Record<keyof typeof PROFILE_CATEGORIES, string>> = {};
    if (identities.length > 0) {
      for (const [field, category] of Object.entries(PROFILE_CATEGORIES) as Array<[keyof typeof PROFILE_CATEGORIES, string]>) {
        const hit = fields.find((f) => f.category === category && !f.fields && !f.list);
        if (hit) profile[field] = hit.from;
      }
    }
    const base = { identities, profile, fields };
    const collection: CollectionDeclaration = {
      name: raw.name,
      table: raw.name,
      subjectField: camel(`${options.source}_${raw.name}`),
      recordType: pascal(`${options.source}_${raw.name}`),
      description: null,
      primaryKey,
      identities,
      createdAt: null,
      profile,
      restrictFlag: null,
      retainedUntil: null,
      erasure: null,
      fields,
      othersData: [],
      hidden: hiddenPaths(base, []),
    };
    return { collection, edges };
  });
}
