import type { GraphQLSchema } from 'graphql';
import type { Caller } from '../auth/Caller';
import type { SchemaAnnotations } from '../schema/readAnnotations';
import { IDENTITY_FACTS, type IdentityTypeName } from '../subjects/subjectFacts';
import type { AccessLevel } from './accessTo';
import { accessTo, purposeMayMutate, rolesMayMutate } from './accessTo';
import { fieldAccess } from './fieldAccess';
import type { Policy, Purpose } from './Policy';

export interface Access {
  readonly client: string;
  readonly roles: readonly string[];
  readonly purpose: Purpose;
  readonly declarablePurposes: readonly string[];
  readonly categories: ReadonlyArray<{ category: string; description: string; identifier: boolean; access: AccessLevel }>;
  readonly fields: ReadonlyArray<{ type: string; field: string; category: string; access: AccessLevel }>;
  readonly identities: ReadonlyArray<{ type: IdentityTypeName; category: string; access: AccessLevel }>;
  readonly mutations: readonly string[];
}

/**
 * `Query.myAccess`: what this caller, under this purpose, may read and change (no personal data),
 * from the same decisions the purpose's served schema is built from (`fieldAccess`, `…MayMutate`).
 */
export function describeAccess(options: { policy: Policy; purpose: Purpose; caller: Caller; schema: GraphQLSchema; annotations: SchemaAnnotations }): Access {
  const { policy, purpose, caller } = options;
  const level = (category: string) => accessTo(policy, purpose, category);
  const fields = [...options.annotations.fields]
    .flatMap(([at, a]) => (a.kind === 'category' ? [{ at, category: a.category }] : []))
    .sort((x, y) => x.at.localeCompare(y.at))
    .map(({ at, category }) => {
      const [type = '', field = ''] = at.split('.');
      return { type, field, category, access: fieldAccess({ policy, purpose, annotations: options.annotations, at, category }) };
    });
  const mutationRoots = Object.keys(options.schema.getMutationType()?.getFields() ?? {}).sort();
  return {
    client: caller.client,
    roles: caller.roles,
    purpose,
    declarablePurposes: [...policy.purposes.keys()].filter((id) => policy.mayDeclare(caller.roles, id)).sort(),
    categories: [...policy.categories.values()].map((c) => ({ category: c.name, description: c.description, identifier: c.identifier, access: level(c.name) })).sort((x, y) => x.category.localeCompare(y.category)),
    fields,
    identities: (Object.keys(IDENTITY_FACTS) as IdentityTypeName[]).map((type) => ({ type, category: IDENTITY_FACTS[type].category, access: level(IDENTITY_FACTS[type].category) })),
    mutations: mutationRoots.filter((name) => purposeMayMutate(policy, purpose, name) && rolesMayMutate(policy, caller.roles, name)),
  };
}
