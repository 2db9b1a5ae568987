import type { GraphQLSchema } from 'graphql';
import { getNamedType, isIntrospectionType, isNonNullType, isObjectType } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IMiddlewareFieldMap, IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { ShieldRule } from 'graphql-shield/typings/types';
import type { RequestContext } from '../context';
import { ErrorCode, GatewayError } from '../errors';
import type { SchemaAnnotations } from '../schema/readAnnotations';
import { normalizeIdentity } from '../sources/Identity';
import type { PurposePseudonyms } from '../subjects/purposePseudonyms';
import type { Pseudonymizer } from '../subjects/Pseudonymizer';
import { IDENTITY_FACTS, type IdentityTypeName } from '../subjects/subjectFacts';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import { purposeMayMutate, rolesMayMutate } from './accessTo';
import { fieldAccess } from './fieldAccess';
import { gateSubject } from './gateSubject';
import type { Policy, Purpose } from './Policy';
import { readsRecordList } from './readsRecordList';
import { isOfficePurpose } from './isOfficePurpose';

/** Root fields for the privacy office: requests and audit. Only purposes that see everything. */
const OFFICE_QUERIES = new Set(['dsrRequest', 'dsrRequests', 'auditEvents', 'verifyAuditLog', 'retentionRuns', 'retentionPreview', 'disclosures', 'recipientNotices', 'erasurePlan']);
const OPEN_QUERIES = new Set(['subject', 'subjects', 'dataMap', 'sources', 'myAccess', 'statisticSets']);
/** Root fields for depersonalized purposes only: statistics with small groups suppressed (`aggregate`). */
const DEPERSONALIZED_QUERIES = new Set(['aggregate']);

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
 * denied fields (FORBIDDEN) — a record list none of whose categories the purpose reads among them,
 * as a whole — per-subject gates (blocked, consent) and caller-dependent root rules stay wrapped;
 * a depersonalized purpose's identifiers and ids are renamed with its own keys. Removing a wrapper is safe only for fields `readAnnotations` proved classified;
 * any field not listed below keeps shield's deny.
 */
export function buildPurposeSchema(options: PurposeSchemaOptions): GraphQLSchema {
  const { schema, annotations, policy, purpose } = options;
  const tree: Record<string, Record<string, ShieldRule>> = {};
  const staticallyAllowed = new Set<string>();
  const pseudonymized: IMiddlewareTypeMap = {};
  const names = options.pseudonymizer.forPurpose(purpose.id);
  const rename = (type: string, field: string, to: (value: string) => string) => {
    ((pseudonymized[type] ??= {}) as IMiddlewareFieldMap)[field] = renamed(to);
  };
  const officer = isOfficePurpose(purpose);
  const subjectGate = rule(`gate:${purpose.id}`, { cache: 'no_cache' })((subject: ResolvedSubject, _args, ctx: RequestContext) => {
    const gate = gateSubject(subject, purpose, policy);
    if (!gate) return true;
    ctx.audit.deny(subject.id, gate);
    return new GatewayError(gate, GATE_MESSAGES[gate](purpose.id));
  });
  // The same decision for the record lists of DataSubject, as a plain synchronous middleware rather
  // than a shield rule: shield awaits each rule (two async hops per field per subject, 300 for a
  // batch of 100), and the gate's answer needs none — it reads the subject already loaded.
  const gated: IMiddlewareTypeMap = {};
  const gateMiddleware: IMiddlewareFunction = (resolve, subject: ResolvedSubject, args, ctx: RequestContext, info) => {
    const gate = gateSubject(subject, purpose, policy);
    if (!gate) return resolve(subject, args, ctx, info);
    ctx.audit.deny(subject.id, gate);
    return new GatewayError(gate, GATE_MESSAGES[gate](purpose.id));
  };
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
        else if (DEPERSONALIZED_QUERIES.has(field.name)) set(type.name, field.name, purpose.depersonalized ? allow : rule({ cache: 'no_cache' })(() => forbidden(at, purpose.id)));
        continue; // anything else on Query stays denied by the fallback
      }
      if (type.name === 'Mutation') {
        set(type.name, field.name, mutationRule(field.name, policy, purpose));
        continue;
      }
      const annotation = annotations.fields.get(at);
      switch (annotation?.kind) {
        case 'notPersonal':
          set(type.name, field.name, allow);
          // A depersonalized purpose's ids are its own: nothing it holds joins to another purpose's data.
          if (purpose.depersonalized && annotations.personalTypes.has(type.name) && getNamedType(field.type).name === 'ID') {
            rename(type.name, field.name, at === 'DataSubject.id' ? names.subjectId : names.recordId);
          }
          break;
        case 'identifierValue': // filtered or pseudonymised by DataSubject.identities
        case 'plain': // non-@personal types: reachable only under a guarded field (checked at start-up)
          set(type.name, field.name, allow);
          break;
        case 'subjectData': {
          const categories = annotations.recordLists.get(at);
          if (categories && !readsRecordList(policy, purpose, categories)) {
            const error = `${at} (categories ${categories.join(', ') || 'none'})`;
            set(type.name, field.name, rule({ cache: 'no_cache' })(() => forbidden(error, purpose.id)));
          } else if (isNonNullType(field.type)) {
            // A non-null field cannot carry an error without nulling its subject: it gates itself.
            set(type.name, field.name, allow);
          } else if (type.name === 'DataSubject') {
            set(type.name, field.name, allow);
            ((gated[type.name] ??= {}) as IMiddlewareFieldMap)[field.name] = gateMiddleware;
          } else set(type.name, field.name, subjectGate);
          break;
        }
        case 'category':
          switch (fieldAccess({ policy, purpose, annotations, at, category: annotation.category })) {
            case 'READ':
              set(type.name, field.name, allow);
              break;
            case 'PSEUDONYM':
              set(type.name, field.name, allow);
              rename(type.name, field.name, identifierPseudonym(names, annotation.category));
              break;
            case 'FORBIDDEN': {
              const error = `${at} (category ${annotation.category})`;
              set(type.name, field.name, rule({ cache: 'no_cache' })(() => forbidden(error, purpose.id)));
              break;
            }
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
  const extra = [gated, pseudonymized].filter((m) => Object.keys(m).length > 0);
  return applyMiddleware(schema, pruned, ...extra);
}

/** Mutations: the purposes the policy names (decided here) and the caller's roles (per request, cached). */
function mutationRule(name: string, policy: Policy, purpose: Purpose): ShieldRule {
  if (!purposeMayMutate(policy, purpose, name)) return rule({ cache: 'no_cache' })(() => forbidden(`mutation ${name}`, purpose.id));
  return rule(`mutation:${name}`, { cache: 'contextual' })((_p, _a, ctx: RequestContext) =>
    rolesMayMutate(policy, ctx.caller.roles, name) ? true : new GatewayError(ErrorCode.FORBIDDEN, `mutation ${name} is not allowed for the caller's roles`),
  );
}

function renamed(to: (value: string) => string): IMiddlewareFunction {
  return async (resolve, parent, args, ctx, info) => {
    const value = await resolve(parent, args, ctx, info);
    return value === null || value === undefined ? value : to(String(value));
  };
}

/** An identifier of an identity type becomes the pseudonym `subject(ref: { pseudonym })` opens; any other, a one-way one. */
function identifierPseudonym(names: PurposePseudonyms, category: string): (value: string) => string {
  const type = (Object.keys(IDENTITY_FACTS) as IdentityTypeName[]).find((t) => IDENTITY_FACTS[t].category === category);
  return (value) => {
    const identity = type ? normalizeIdentity(type, value) : null;
    return identity && !(identity instanceof Error) ? names.identity(identity) : names.value(category, value);
  };
}
