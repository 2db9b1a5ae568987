import type { CollectionDeclaration, FieldDeclaration, SourceDeclaration } from './SourceDeclaration';

const quote = (text: string): string => JSON.stringify(text);

/**
 * The SDL of a declared source: per collection a `@personal` type with `@category` on every
 * personal field (`@notPersonal` on the rest), and its `DataSubject` field. The start-up checks
 * that guard the core schema (deny by default, categories known to the policy) read it the same way.
 * A subfield group under a categorised field is a plain type (its field's category covers it);
 * one whose field has no category is `@personal` with a category per subfield.
 */
export function generateSourceSdl(source: SourceDeclaration, idCategoryOf: (c: CollectionDeclaration) => string | null): string {
  const out: string[] = [];
  for (const c of source.collections) {
    const idCategory = idCategoryOf(c);
    const lines = [
      // A personal key may be withheld from a purpose: nullable, so the rest of the record still reads.
      idCategory ? `  id: ID @category(name: ${quote(idCategory)})` : '  "The record\'s primary key, as text (composite keys joined with \\":\\")."\n  id: ID! @notPersonal(reason: "primary key")',
      '  "The source this record came from (its declared name)."\n  source: String! @notPersonal(reason: "source name")',
      ...c.fields.map((f) => fieldLine(f, `${c.recordType}${pascalOf(f.name)}`, out, true)),
    ];
    out.push(`${quote(c.description ?? `${c.table} of ${source.name} (${source.system})`)}\ntype ${c.recordType} @personal {\n${lines.join('\n')}\n}`);
    out.push(`extend type DataSubject {\n  ${quote(`Records of ${c.table} in ${source.name}`)}\n  ${c.subjectField}: [${c.recordType}!] @subjectData\n}`);
  }
  return out.join('\n\n');
}

const pascalOf = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

function fieldLine(f: FieldDeclaration, nestedName: string, out: string[], personalParent: boolean): string {
  let type = f.type;
  if (f.enumValues) {
    out.push(`${quote(`The values of \`${f.from}\`.`)}\nenum ${f.type.replace(/[[\]!]/g, '')} { ${f.enumValues.join(' ')} }`);
  } else if (f.fields) {
    const name = f.type.replace(/[[\]!]/g, '') || nestedName;
    const personal = f.category === null;
    const sub = f.fields.map((s) => fieldLine(s, `${name}${pascalOf(s.name)}`, out, personal));
    out.push(`${quote(`The parts of \`${f.from}\`.`)}\ntype ${name}${personal ? ' @personal' : ''} {\n${sub.join('\n')}\n}`);
    type = f.list ? `[${name}!]` : name;
  }
  const description = `  ${quote(`From \`${f.from}\` in the source.`)}\n`;
  if (!personalParent) return `${description}  ${f.name}: ${type}`;
  const annotation = f.category === null ? `@notPersonal(reason: ${quote(f.fields ? 'container; its fields carry their categories' : 'declared not personal')})` : `@category(name: ${quote(f.category)})`;
  return `${description}  ${f.name}: ${type} ${annotation}`;
}
