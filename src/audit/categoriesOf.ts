import type { DocumentNode, GraphQLSchema } from 'graphql';
import { TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { accessTo } from '../policy/accessTo';
import { fieldAccess } from '../policy/fieldAccess';
import type { Policy, Purpose } from '../policy/Policy';
import { readsRecordList } from '../policy/readsRecordList';
import type { SchemaAnnotations } from '../schema/readAnnotations';
import { IDENTITY_FACTS } from '../subjects/subjectFacts';

export interface OperationCategories {
  /** Categories the operation asks for that the purpose reads (or receives pseudonymised). */
  readonly read: readonly string[];
  /** Categorised fields it asks for that the purpose may not read: "Order.ip: FORBIDDEN". */
  readonly denied: readonly string[];
}

/**
 * What an operation reads, by category, decided from its document rather than per resolved field:
 * the audit event costs one walk of the query (cached by the caller), not a hook on every value.
 */
export function categoriesOf(options: { document: DocumentNode; schema: GraphQLSchema; annotations: SchemaAnnotations; policy: Policy; purpose: Purpose }): OperationCategories {
  const { annotations, policy, purpose } = options;
  const read = new Set<string>();
  const denied = new Set<string>();
  const typeInfo = new TypeInfo(options.schema);
  visit(
    options.document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return;
        const annotation = annotations.fields.get(`${parent.name}.${field.name}`);
        const list = annotations.recordLists.get(`${parent.name}.${field.name}`);
        if (list && !readsRecordList(policy, purpose, list)) denied.add(`${parent.name}.${field.name}: FORBIDDEN`);
        if (annotation?.kind === 'identifierValue') {
          for (const { category } of Object.values(IDENTITY_FACTS)) if (accessTo(policy, purpose, category) !== 'FORBIDDEN') read.add(category);
        }
        if (annotation?.kind !== 'category') return;
        const c = annotation.category;
        if (fieldAccess({ policy, purpose, annotations, at: `${parent.name}.${field.name}`, category: c }) !== 'FORBIDDEN') read.add(c);
        else denied.add(`${parent.name}.${field.name}: FORBIDDEN`);
      },
    }),
  );
  return { read: [...read].sort(), denied: [...denied].sort() };
}
