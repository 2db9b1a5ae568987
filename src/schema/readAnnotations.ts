import type { GraphQLField, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { getNamedType, getNullableType, isIntrospectionType, isListType, isNonNullType, isObjectType } from 'graphql';
import type { Policy } from '../policy/Policy';
import type { ConnectorDescriptor } from '../sources/Connector';

/** How the schema says a field relates to personal data. */
export type FieldAnnotation =
  | { readonly kind: 'category'; readonly category: string }
  | { readonly kind: 'identifierValue' }
  | { readonly kind: 'subjectData' }
  | { readonly kind: 'notPersonal'; readonly reason: string }
  /** A field of a type that is not @personal: reachable only through guarded fields (checked). */
  | { readonly kind: 'plain' };

export interface SchemaAnnotations {
  /** "Order.ip" → its annotation, for every field of every object type. */
  readonly fields: ReadonlyMap<string, FieldAnnotation>;
  readonly personalTypes: ReadonlySet<string>;
  /**
   * The record lists of the subject ("DataSubject.payments") → every category their records'
   * fields carry. A purpose that may read none of them gets the list as a whole FORBIDDEN:
   * its ids, dates and counts are the subject's data too.
   */
  readonly recordLists: ReadonlyMap<string, readonly string[]>;
  /**
   * Each type reached only under record lists ("PaymentCustomer") → those lists: a purpose that may
   * have none of them gets none of the type's fields, whatever their categories.
   */
  readonly listedTypes: ReadonlyMap<string, readonly string[]>;
}

export class SchemaAnnotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaAnnotationError';
  }
}

function directiveArg(field: GraphQLField<unknown, unknown>, name: string, arg?: string): string | true | null {
  const d = field.astNode?.directives?.find((x) => x.name.value === name);
  if (!d) return null;
  if (!arg) return true;
  const value = d.arguments?.find((a) => a.name.value === arg)?.value;
  return value && value.kind === 'StringValue' ? value.value : null;
}

/**
 * Reads the @category / @identifierValue / @subjectData / @notPersonal annotations and refuses
 * a schema the policy cannot enforce: an unannotated field of a @personal type, a category the
 * policy does not define, a non-personal type reachable from personal data other than through a
 * categorised field, or a connector whose declared categories disagree with the schema.
 */
export function readAnnotations(schema: GraphQLSchema, policy: Policy, connectors: readonly ConnectorDescriptor[]): SchemaAnnotations {
  const fields = new Map<string, FieldAnnotation>();
  const personalTypes = new Set<string>();
  const problems: string[] = [];
  const types = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !isIntrospectionType(t));
  for (const type of types) {
    if (isObjectType(type) && type.astNode?.directives?.some((d) => d.name.value === 'personal')) personalTypes.add(type.name);
  }
  for (const type of types) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const at = `${type.name}.${field.name}`;
      const annotation = annotate(field);
      if (personalTypes.has(type.name) && annotation.kind === 'plain') problems.push(`${at}: expected @category, @identifierValue, @subjectData or @notPersonal on a field of a @personal type, got none`);
      if (annotation.kind === 'category' && !policy.categories.has(annotation.category)) problems.push(`${at}: expected a category the policy defines, got "${annotation.category}"`);
      const target = getNamedType(field.type);
      if (personalTypes.has(type.name) && isObjectType(target) && !personalTypes.has(target.name) && annotation.kind !== 'category') {
        problems.push(`${at}: returns non-@personal type ${target.name}; expected the field to carry @category so the type is only reachable under it`);
      }
      fields.set(at, annotation);
    }
  }
  for (const connector of connectors) {
    for (const c of connector.collections) {
      for (const [field, category] of Object.entries(c.fields)) {
        const annotation = fields.get(`${c.recordType}.${field}`);
        const schemaCategory = annotation?.kind === 'category' ? annotation.category : null;
        if (!annotation) problems.push(`source ${connector.name}: field ${c.recordType}.${field} is not in the schema`);
        else if (schemaCategory !== category) problems.push(`source ${connector.name}: ${c.recordType}.${field} expected category ${schemaCategory ?? 'none'} (schema), got ${category ?? 'none'}`);
      }
      if (!fields.has(`DataSubject.${c.subjectField}`)) problems.push(`source ${connector.name}: expected DataSubject.${c.subjectField} in the schema, got none`);
    }
    for (const category of connector.categories) {
      if (!policy.categories.has(category)) problems.push(`source ${connector.name}: holds category "${category}", which the policy does not define`);
    }
  }
  if (problems.length > 0) throw new SchemaAnnotationError(`the schema cannot be enforced:\n- ${problems.join('\n- ')}`);
  const lists = recordLists(schema, fields);
  return { fields, personalTypes, recordLists: lists, listedTypes: listedTypes(schema, lists) };
}

/** Types under the record lists, less those also reached from a root without passing one. */
function listedTypes(schema: GraphQLSchema, lists: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const reach = (from: readonly string[], skipLists: boolean) => {
    const seen = new Set<string>();
    const walk = (typeName: string) => {
      const type = schema.getType(typeName);
      if (seen.has(typeName) || !isObjectType(type)) return;
      seen.add(typeName);
      for (const f of Object.values(type.getFields())) if (!(skipLists && lists.has(`${typeName}.${f.name}`))) walk(getNamedType(f.type).name);
    };
    from.forEach(walk);
    return seen;
  };
  const open = reach([schema.getQueryType()?.name, schema.getMutationType()?.name].filter((n): n is string => !!n), true);
  const out = new Map<string, string[]>();
  for (const at of lists.keys()) {
    const [type = '', field = ''] = at.split('.');
    const record = (schema.getType(type) as GraphQLObjectType).getFields()[field];
    if (!record) continue;
    for (const reached of reach([getNamedType(record.type).name], false)) if (!open.has(reached)) out.set(reached, [...(out.get(reached) ?? []), at]);
  }
  return out;
}

function recordLists(schema: GraphQLSchema, fields: ReadonlyMap<string, FieldAnnotation>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const subject = schema.getType('DataSubject');
  if (!isObjectType(subject)) return out;
  for (const field of Object.values(subject.getFields())) {
    const record = getNamedType(field.type);
    // A nullable list of records (a non-null field like `identities` gates itself and carries no list error).
    if (fields.get(`DataSubject.${field.name}`)?.kind !== 'subjectData' || isNonNullType(field.type) || !isListType(getNullableType(field.type)) || !isObjectType(record)) continue;
    const categories = new Set<string>();
    const seen = new Set<string>();
    const collect = (typeName: string) => {
      const type = schema.getType(typeName);
      if (seen.has(typeName) || !isObjectType(type)) return;
      seen.add(typeName);
      for (const f of Object.values(type.getFields())) {
        const annotation = fields.get(`${typeName}.${f.name}`);
        if (annotation?.kind === 'category') categories.add(annotation.category);
        collect(getNamedType(f.type).name);
      }
    };
    collect(record.name);
    out.set(`DataSubject.${field.name}`, [...categories].sort());
  }
  return out;
}

function annotate(field: GraphQLField<unknown, unknown>): FieldAnnotation {
  const category = directiveArg(field, 'category', 'name');
  if (typeof category === 'string') return { kind: 'category', category };
  if (directiveArg(field, 'identifierValue')) return { kind: 'identifierValue' };
  if (directiveArg(field, 'subjectData')) return { kind: 'subjectData' };
  const reason = directiveArg(field, 'notPersonal', 'reason');
  if (typeof reason === 'string') return { kind: 'notPersonal', reason };
  return { kind: 'plain' };
}
