import type { GraphQLSchema } from 'graphql';
import { isIntrospectionType, isNonNullType, isObjectType } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IMiddlewareFieldMap, IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { ShieldRule } from 'graphql-shield/typings/types';
import type { RequestContext } from '../context';
import { ErrorCode, GatewayError } from '../errors';
import type { SchemaAnnotations } from '../schema/readAnnotations';
import type { Pseudonymizer } from '../subjects/Pseudonymizer';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import { gateSubject } from './gateSubject';
import type { Policy, Purpose } from './Policy';

/** Root fields for the privacy office: requests and audit. Only purposes that see everything. */
const OFFICE_QUERIES = new Set(['dsrRequest', 'dsrRequests', 'auditEvents', 'verifyAuditLog', 'retentionRuns', 'retentionPreview', 'disclosures']);
const OPEN_QUERIES = new Set(['subject', 'subjects', 'dataMap', 'sources']);

const GATE_MESSAGES = {
  [ErrorCode.SUBJECT_BLOCKED]: () => 'the subject is blocked',
  [ErrorCode.CONSENT_REQUIRED]: (purpose: string) => `the subject has not consented to "${purpose}"`,
  [ErrorCode.OBJECTED]: (purpose: string) => `the subject objected to "${purpose}"`,
};

export interface PurposeSchemaOptions {
  readonly schema: GraphQLSchema;
  readonly annotations: SchemaAnnotations;
  readonly policy: Policy;
  readonly purpose: Purpose;
  readonly pseudonymizer: Pseudonymizer;
}

const forbidden = (what: string, purpose: string) => new GatewayError(ErrorCode.FORBIDDEN, `${what} is not allowed for purpose "${purpose}"`);

/**
 * The schema one purpose is served with: graphql-shield rules generated from the policy and the
 * schema's category annotations, deny by default (`fallbackRule: deny`).
 *
 * Everything that cannot differ between requests of this purpose is decided here, once: a field
 * whose category the purpose reads is allowed for every item of every list, so its shield wrapper
 * (an async hop per item: the 2.3× cost on long lists) is removed after shield generated it. Only
 * denied fields (FORBIDDEN), per-subject gates (blocked, consent) and caller-dependent root rules
 * stay wrapped. Removing a wrapper is safe only for fields `readAnnotations` proved classified;
 * any field not listed below keeps shield's deny.
 */
export function buildPurposeSchema(options: PurposeSchemaOptions): GraphQLSchema {
  const { schema, annotations, policy, purpose } = options;
  const tree: Record<string, Record<string, ShieldRule>> = {};
  const staticallyAllowed = new Set<string>();
  const pseudonymized: IMiddlewareTypeMap = {};
  const officer = purpose.seesBlocked && purpose.grants.includes('*');
  const subjectGate = rule(`gate:${purpose.id}`, { cache: 'no_cache' })((subject: ResolvedSubject, _args, ctx: RequestContext) => {
    const gate = gateSubject(subject, purpose, policy);
    if (!gate) return true;
    ctx.audit.deny(subject.id, gate);
    return new GatewayError(gate, GATE_MESSAGES[gate](purpose.id));
  });
  const set = (type: string, field: string, r: ShieldRule) => {
    (tree[type] ??= {})[field] = r;
    if (r === allow) staticallyAllowed.add(`${type}.${field}`);
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const at = `${type.name}.${field.name}`;
      if (type.name === 'Query') {
        if (OPEN_QUERIES.has(field.name)) set(type.name, field.name, allow);
        else if (OFFICE_QUERIES.has(field.name)) set(type.name, field.name, officer ? allow : rule({ cache: 'no_cache' })(() => forbidden(at, purpose.id)));
        continue; // anything else on Query stays denied by the fallback
      }
      if (type.name === 'Mutation') {
        set(type.name, field.name, mutationRule(field.name, policy, purpose));
        continue;
      }
      const annotation = annotations.fields.get(at);
      switch (annotation?.kind) {
        case 'notPersonal':
        case 'identifierValue': // filtered or pseudonymised by DataSubject.identities
        case 'plain': // non-@personal types: reachable only under a guarded field (checked at start-up)
          set(type.name, field.name, allow);
          break;
        case 'subjectData':
          // A non-null field cannot carry an error without nulling its subject: it gates itself.
          set(type.name, field.name, isNonNullType(field.type) ? allow : subjectGate);
          break;
        case 'category':
          if (policy.allows(purpose.id, annotation.category)) set(type.name, field.name, allow);
          else if (purpose.depersonalized && policy.isIdentifier(annotation.category)) {
            set(type.name, field.name, allow);
            ((pseudonymized[type.name] ??= {}) as IMiddlewareFieldMap)[field.name] = pseudonymize(options.pseudonymizer);
          } else {
            const error = `${at} (category ${annotation.category})`;
            set(type.name, field.name, rule({ cache: 'no_cache' })(() => forbidden(error, purpose.id)));
          }
          break;
        default:
          break; // unclassified: shield's fallback denies
      }
    }
  }
  const generated = shield(tree, { fallbackRule: deny, allowExternalErrors: true, fallbackError: () => forbidden('this field', purpose.id) }).generate(schema) as IMiddlewareTypeMap;
  const pruned: IMiddlewareTypeMap = {};
  for (const [type, fields] of Object.entries(generated)) {
    const kept = Object.entries(fields as IMiddlewareFieldMap).filter(([field]) => !staticallyAllowed.has(`${type}.${field}`));
    if (kept.length > 0) pruned[type] = Object.fromEntries(kept);
  }
  return Object.keys(pseudonymized).length > 0 ? applyMiddleware(schema, pruned, pseudonymized) : applyMiddleware(schema, pruned);
}

/** Mutations: the purposes the policy names (decided here) and the caller's roles (per request, cached). */
function mutationRule(name: string, policy: Policy, purpose: Purpose): ShieldRule {
  const r = policy.mutationRule(name);
  if (!r.purposes.includes(purpose.id)) return rule({ cache: 'no_cache' })(() => forbidden(`mutation ${name}`, purpose.id));
  return rule(`mutation:${name}`, { cache: 'contextual' })((_p, _a, ctx: RequestContext) =>
    ctx.caller.roles.some((role) => r.roles.includes(role)) ? true : new GatewayError(ErrorCode.FORBIDDEN, `mutation ${name} is not allowed for the caller's roles`),
  );
}

function pseudonymize(pseudonymizer: Pseudonymizer): IMiddlewareFunction {
  return async (resolve, parent, args, ctx, info) => {
    const value = await resolve(parent, args, ctx, info);
    return value === null || value === undefined ? value : pseudonymizer.pseudonym(String(value));
  };
}
