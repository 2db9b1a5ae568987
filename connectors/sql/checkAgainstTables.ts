import { DeclarationError } from '../../src/sources/declarations/DeclarationError';
import type { CollectionDeclaration, FieldDeclaration, SourceDeclaration } from '../../src/sources/declarations/SourceDeclaration';
import type { TableShape } from './introspectTables';
import { graphqlTypeOf } from './introspectTables';

/**
 * The declaration against the database as it is: every table and column it names exists, every
 * collection has a primary key (declared, or the table's own), and fields typed only by default
 * take their column's type. Stops start-up naming the file, collection and column.
 */
export function checkAgainstTables(source: SourceDeclaration, shapes: ReadonlyMap<string, TableShape>): SourceDeclaration {
  const collections = source.collections.map((c): CollectionDeclaration => {
    const at = `sources.${source.name}.collections.${c.name}`;
    const shape = shapes.get(c.table);
    if (!shape) throw new DeclarationError(source.file, `${at}.table`, 'a table that exists in the database', JSON.stringify(c.table));
    const primaryKey = c.primaryKey.length > 0 ? c.primaryKey : shape.primaryKey;
    if (primaryKey.length === 0) throw new DeclarationError(source.file, `${at}.primaryKey`, `a primary key (the table ${c.table} has none: declare primaryKey)`, 'none');
    const used: Array<[string, string]> = [
      ...primaryKey.map((p): [string, string] => ['primaryKey', p]),
      ...c.fields.map((f): [string, string] => [`fields.${f.name}.from`, f.from]),
      ...c.identities.map((i): [string, string] => [`identities.${i.type}`, i.from]),
      ...c.hidden.map((h): [string, string] => ['hidden', h.from]),
      ...c.othersData.map((p): [string, string] => ['othersData', p]),
      ...Object.entries(c.profile).map(([k, p]): [string, string] => [`profile.${k}`, p as string]),
      ...[c.createdAt, c.restrictFlag, c.retainedUntil].filter((p): p is string => p !== null).map((p): [string, string] => ['(date or flag)', p]),
      ...source.edges.filter((e) => e.fromCollection === c.name).map((e): [string, string] => ['reference', e.fromPath]),
      ...source.edges.filter((e) => e.toCollection === c.name).map((e): [string, string] => ['reference', e.toPath]),
    ];
    for (const [key, column] of used) {
      if (!shape.columns.has(column)) throw new DeclarationError(source.file, `${at}.${key}`, `a column of table ${c.table} (${[...shape.columns.keys()].join(', ')})`, JSON.stringify(column));
    }
    const typed = (f: FieldDeclaration): FieldDeclaration => (f.type === 'String' && !f.fields && !f.enumValues ? { ...f, type: graphqlTypeOf(shape.columns.get(f.from) ?? '') } : f);
    return { ...c, primaryKey, fields: c.fields.map(typed) };
  });
  return { ...source, collections };
}
