import { parse, stringify } from 'yaml';

/**
 * The review of a drafted declaration, as a test makes it: the fields the draft left undecided
 * (no `category`: the compiler refuses them), and the file once each is decided as not personal.
 */
type Spec = Record<string, any>; // parsed YAML

/** The keys the compiler names for fields the draft left undecided (no `category`), in file order. */
export function unreviewed(source: Spec, at: string): string[] {
  const walk = (fields: Spec, key: string): string[] => Object.entries(fields).flatMap(([name, f]: [string, Spec]) => {
    if (!('category' in f)) return [`${key}.${name}.category`];
    return f.fields && f.category === null ? walk(f.fields, `${key}.${name}.fields`) : [];
  });
  return Object.entries(source.collections as Spec).flatMap(([c, spec]: [string, Spec]) => walk(spec.fields, `${at}.collections.${c}.fields`));
}

/** The reviewer's decision, made programmatically: every undecided field is not personal. */
export function reviewed(text: string): string {
  const doc = parse(text) as Spec;
  const decide = (fields: Spec) => Object.values(fields).forEach((f: Spec) => {
    if (!('category' in f)) f.category = null;
    else if (f.fields && f.category === null) decide(f.fields);
  });
  for (const source of Object.values(doc.sources as Spec)) for (const c of Object.values(source.collections as Spec)) decide((c as Spec).fields);
  return stringify(doc);
}
