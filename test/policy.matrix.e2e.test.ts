import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import type { GatewayServices } from '../src/GatewayServices';
import { getNamedType, isNonNullType } from 'graphql';
import { createExecutableSchema } from '../src/graphql/createGraphQL';
import { loadPolicy } from '../src/policy/loadPolicy';
import { readsRecordList } from '../src/policy/readsRecordList';
import type { SchemaAnnotations } from '../src/schema/readAnnotations';
import { readAnnotations } from '../src/schema/readAnnotations';
import type { TestGateway } from './kit/startTestGateway';
import { codes, startTestGateway } from './kit/startTestGateway';

/**
 * The access matrix, generated from the policy and the schema's @category annotations: every
 * role × every purpose it may declare × every categorised field, each asserted readable or
 * FORBIDDEN; every purpose a role may not declare asserted PURPOSE_NOT_ALLOWED.
 */
const policy = loadPolicy();
let schema: GraphQLSchema;
let fields: Array<{ type: string; field: string; category: string }> = [];
let QUERY = '';
let annotations: SchemaAnnotations;
/** Where each record type sits under DataSubject: the core's, and every declared collection's. */
const PATHS: Record<string, string> = { Profile: 'profile', Consent: 'consents' };

/** The schema the running gateway serves: the core and the SDL its declared sources generated. */
function readMatrix(connectors: GatewayServices['connectors']): void {
  schema = createExecutableSchema({ connectors });
  annotations = readAnnotations(schema, policy, connectors);
  for (const c of connectors) for (const k of c.collections) PATHS[k.recordType] = k.subjectField;
  fields = [...annotations.fields.entries()]
    .filter(([at, a]) => a.kind === 'category' && PATHS[at.split('.')[0] as string])
    .map(([at, a]) => ({ type: at.split('.')[0] as string, field: at.split('.')[1] as string, category: (a as { category: string }).category }));
  QUERY = `query Matrix($ref: SubjectRef!) { subject(ref: $ref) { id status ${Object.entries(PATHS)
    .map(([type, path]) => `${path} { ${fields.filter((f) => f.type === type).map(selection).join(' ')} }`)
    .join(' ')} } }`;
}

function selection(f: { type: string; field: string }): string {
  const def = (schema.getType(f.type) as GraphQLObjectType).getFields()[f.field];
  const named = def ? getNamedType(def.type) : null;
  return named && 'getFields' in named ? `${f.field} { ${Object.keys((named as GraphQLObjectType).getFields()).join(' ')} }` : f.field;
}

const grants = [...policy.roles.entries()].flatMap(([role, purposes]) => purposes.map((purpose) => ({ role, purpose })));
const refusals = [...policy.roles.entries()].flatMap(([role, purposes]) => [...policy.purposes.keys()].filter((p) => !purposes.includes(p)).map((purpose) => ({ role, purpose })));

describe('purpose × category matrix (generated from the policy)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
    readMatrix(gw.gateway.services.connectors);
  });
  afterAll(async () => {
    await gw?.close();
  });
  /** A depersonalized purpose finds Alice only by the pseudonym it was given (CONTRACT.md §5). */
  const aliceFor = (purpose: string) =>
    policy.purposes.get(purpose)?.depersonalized ? { pseudonym: gw.gateway.services.pseudonymizer.forPurpose(purpose).identity({ type: 'EMAIL', value: 'alice@example.com' }) } : { email: 'alice@example.com' };

  it('covers every categorised record field of the schema', () => {
    expect(fields.length).toBeGreaterThanOrEqual(15);
    expect(fields.map((f) => `${f.type}.${f.field}`)).toEqual(expect.arrayContaining(['Profile.email', 'Order.ip', 'PaymentRecord.cardLast4', 'SupportMessage.body', 'Consent.evidence']));
  });

  it.each(grants)('$role declaring $purpose reads exactly the categories the policy grants', async ({ role, purpose }) => {
    // Alice has a marketing consent, so consent does not hide anything here.
    const r = await gw.query(QUERY, { roles: [role], purpose, variables: { ref: aliceFor(purpose) } });
    expect(r.status).toBe(200);
    const subject = r.body.data?.subject;
    expect(subject.status).toBe('ACTIVE');
    const p = policy.purposes.get(purpose);
    // myAccess must say what the schema does, field by field: the same expectation holds both.
    const me = await gw.query('{ myAccess { fields { type field access } } }', { roles: [role], purpose });
    const said = new Map((me.body.data?.myAccess.fields as Array<{ type: string; field: string; access: string }>).map((f) => [`${f.type}.${f.field}`, f.access]));
    const saysOf = (f: { type: string; field: string }) => said.get(`${f.type}.${f.field}`);
    for (const f of fields) {
      const categories = annotations.recordLists.get(`DataSubject.${PATHS[f.type]}`);
      if (categories && p && !readsRecordList(policy, p, categories)) {
        expect({ f, access: saysOf(f) }).toEqual({ f, access: 'FORBIDDEN' });
        // None of the list's categories granted: the list as a whole, no ids, dates or counts.
        expect(subject[PATHS[f.type] as string]).toBeNull();
        expect((r.body.errors ?? []).filter((e) => e.path?.[1] === PATHS[f.type]).map((e) => [e.path?.length, e.extensions?.code])).toEqual([[2, 'FORBIDDEN']]);
        continue;
      }
      const list = subject[PATHS[f.type] as string];
      const items: Array<Record<string, unknown>> = Array.isArray(list) ? list : [list];
      expect(items.length).toBeGreaterThan(0);
      const errorsHere = (r.body.errors ?? []).filter((e) => e.path?.[1] === PATHS[f.type] && e.path?.at(-1) === f.field);
      if (policy.allows(purpose, f.category)) {
        expect({ f, access: saysOf(f) }).toEqual({ f, access: 'READ' });
        expect(errorsHere).toEqual([]);
        for (const item of items) expect(item[f.field]).not.toBeNull();
      } else if (p?.depersonalized && policy.isIdentifier(f.category)) {
        expect({ f, access: saysOf(f) }).toEqual({ f, access: 'PSEUDONYM' });
        expect(errorsHere).toEqual([]);
        for (const item of items) expect(String(item[f.field])).toMatch(/^psn_[A-Za-z0-9_-]{24,}$/);
      } else {
        expect({ f, access: saysOf(f) }).toEqual({ f, access: 'FORBIDDEN' });
        for (const item of items) expect(item[f.field]).toBeNull();
        expect(errorsHere.length).toBe(items.length);
        expect(errorsHere.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
      }
    }
  });

  it.each(refusals)('$role may not declare $purpose: PURPOSE_NOT_ALLOWED and no data', async ({ role, purpose }) => {
    const r = await gw.query(QUERY, { roles: [role], purpose, variables: { ref: { email: 'alice@example.com' } } });
    expect(r.status).toBe(403);
    expect(codes(r)).toEqual(['PURPOSE_NOT_ALLOWED']);
    expect(r.body.data).toBeUndefined();
  });

  it('identities are filtered to what the purpose may read, pseudonymised for analytics', async () => {
    const q = 'query($ref: SubjectRef!){ subject(ref:$ref){ identities { type value } } }';
    const support = await gw.query(q, { roles: ['support_agent'], purpose: 'customer_support', variables: { ref: { email: 'alice@example.com' } } });
    expect(support.body.data?.subject.identities.map((i: { type: string }) => i.type).sort()).toEqual(['EMAIL', 'PHONE']);
    const analytics = await gw.query(q, { roles: ['analyst'], purpose: 'analytics', variables: { ref: aliceFor('analytics') } });
    const values = analytics.body.data?.subject.identities.map((i: { value: string }) => i.value);
    expect(values).toHaveLength(3);
    for (const v of values) expect(v).toMatch(/^psn_/);
    expect(JSON.stringify(analytics.body)).not.toMatch(/alice@example\.com|\+79990000001|cus_alice/);
  });

  it('gives analytics the same pseudonyms on every request, never the raw value', async () => {
    const q = 'query($ref: SubjectRef!){ subject(ref:$ref){ id profile { email phone } identities { type value } } }';
    const names = gw.gateway.services.pseudonymizer.forPurpose('analytics');
    const a = await gw.query(q, { roles: ['analyst'], purpose: 'analytics', variables: { ref: aliceFor('analytics') } });
    const b = await gw.query(q, { roles: ['analyst'], purpose: 'analytics', variables: { ref: { pseudonym: names.identity({ type: 'CUSTOMER_ID', value: 'cus_alice' }) } } });
    expect(a.body.data).toEqual(b.body.data);
    expect(a.body.data?.subject.profile.email).toMatch(/^psn_/);
    expect(a.body.data?.subject.profile.email).not.toBe('alice@example.com');
    expect(a.body.data?.subject.profile.phone).not.toBe('+79990000001');
    const bob = await gw.query(q, { roles: ['analyst'], purpose: 'analytics', variables: { ref: { pseudonym: names.identity({ type: 'EMAIL', value: 'bob@example.com' }) } } });
    expect(bob.body.data?.subject.profile.email).not.toBe(a.body.data?.subject.profile.email);
  });

  it('declares every categorised field nullable, so FORBIDDEN nulls the field and not its parent', () => {
    for (const f of fields) {
      const def = (schema.getType(f.type) as GraphQLObjectType).getFields()[f.field];
      expect(def).toBeDefined();
      expect(isNonNullType(def?.type)).toBe(false);
    }
  });
});
