import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { GraphQLNamedType, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { getNamedType, isObjectType } from 'graphql';
import YAML from 'yaml';
import { generatedPerson } from '../src/demo/demoDataset';
import { createExecutableSchema } from '../src/graphql/createGraphQL';
import { covers } from '../src/policy/categoryTree';
import { identityCategory } from '../src/policy/identityCategory';
import { DEFAULT_POLICY_FILE, compilePolicy } from '../src/policy/loadPolicy';
import type { Policy, Purpose } from '../src/policy/Policy';
import { LEGAL_BASES } from '../src/policy/Policy';
import { PolicyError } from '../src/policy/PolicyError';
import type { SchemaAnnotations } from '../src/schema/readAnnotations';
import { readAnnotations } from '../src/schema/readAnnotations';
import type { IdentityType } from '../src/sources/Identity';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, startTestGateway } from './kit/startTestGateway';

/**
 * Hardening, part 5: properties over generated inputs. Reads and identity resolution run over
 * HTTP against one shared gateway; the policy properties are pure (compilePolicy).
 */
const RUNS = { numRuns: 40 } as const;
const SEEDED = 120; // startTestGateway's SEED_SUBJECTS

interface Person {
  readonly name: string;
  readonly identities: Readonly<Record<IdentityType, string>>;
}
const person = (name: string, email: string, phone: string, customerId: string): Person => ({ name, identities: { EMAIL: email, PHONE: phone, CUSTOMER_ID: customerId } });
const DEMO: readonly Person[] = [
  person('Alice Anderson', 'alice@example.com', '+79990000001', 'cus_alice'),
  person('Bob Brown', 'bob@example.com', '+79990000002', 'cus_bob'),
  person('Carol Clark', 'carol@example.com', '+79990000003', 'cus_carol'),
  person('Dave Davis', 'dave@example.com', '+79990000004', 'cus_dave'),
];
const personArb: fc.Arbitrary<Person> = fc.oneof(
  fc.constantFrom(...DEMO),
  fc.integer({ min: 1, max: SEEDED }).map((n) => {
    const p = generatedPerson(n);
    return person(p.name, p.email, p.phone, p.customerId);
  }),
);
const IDENTITY_TYPES: readonly IdentityType[] = ['EMAIL', 'PHONE', 'CUSTOMER_ID'];
const REF_FIELD: Record<IdentityType, string> = { EMAIL: 'email', PHONE: 'phone', CUSTOMER_ID: 'customerId' };
/** How a client may write the same identity: case and spacing of an email, separators in a phone. */
const spelling = (type: IdentityType, value: string, variant: number): string => {
  if (type === 'EMAIL') return [value, value.toUpperCase(), `  ${value} `][variant % 3] as string;
  if (type === 'PHONE') return [value, `${value.slice(0, 2)} ${value.slice(2, 5)} ${value.slice(5, 8)}-${value.slice(8)}`, `${value.slice(0, 2)} (${value.slice(2, 5)}) ${value.slice(5)}`][variant % 3] as string;
  return value;
};
const refOf = (p: Person, type: IdentityType, variant = 0) => ({ [REF_FIELD[type]]: spelling(type, p.identities[type], variant) });

/** A random, non-empty selection of `type`'s fields, sub-fields chosen the same way, `depth` levels down. */
function selectionArb(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const fields = Object.values(type.getFields()).filter((f) => f.args.length === 0 && (depth > 0 || !isObjectType(getNamedType(f.type))));
  return fc.subarray(fields, { minLength: 1 }).chain((chosen) =>
    fc.tuple(...chosen.map((f) => {
      const named = getNamedType(f.type);
      return isObjectType(named) ? selectionArb(named, depth - 1).map((s) => `${f.name} { ${s} }`) : fc.constant(f.name);
    })).map((parts) => parts.join(' ')),
  );
}

/** A purpose-scoped pseudonym: sealed identities (base64url) or one-way keyed values (hex). */
const PSEUDONYM = /^psn_[A-Za-z0-9_-]{32,}$/;

/** Every value in `data` the purpose may not receive: a denied category not null, a pseudonymised one in clear, an identity it may not see. */
function leaks(options: { value: unknown; type: GraphQLNamedType; at: string; purpose: Purpose; policy: Policy; annotations: SchemaAnnotations }): string[] {
  const { value, type, at, purpose, policy } = options;
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => leaks({ ...options, value: item, at: `${at}[${i}]` }));
  if (!isObjectType(type) || typeof value !== 'object') return [];
  const out: string[] = [];
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(record)) {
    const field = type.getFields()[key];
    if (!field) continue;
    const annotation = options.annotations.fields.get(`${type.name}.${key}`);
    const category = annotation?.kind === 'category' ? annotation.category : annotation?.kind === 'identifierValue' && typeof record.type === 'string' ? identityCategory(record.type as IdentityType) : null;
    if (category && !policy.allows(purpose.id, category)) {
      const pseudonymised = purpose.depersonalized && policy.isIdentifier(category);
      if (pseudonymised ? !(child === null || (typeof child === 'string' && PSEUDONYM.test(child))) : child !== null) out.push(`${at}.${key} (${category}): ${JSON.stringify(child)}`);
      continue;
    }
    out.push(...leaks({ ...options, value: child, type: getNamedType(field.type), at: `${at}.${key}` }));
  }
  return out;
}

const CATEGORY_OF: Record<IdentityType, string> = { EMAIL: 'contact.email', PHONE: 'contact.phone', CUSTOMER_ID: 'identity.customer_id' };

describe('properties over HTTP (one shared gateway)', () => {
  let gw: TestGateway;
  let schema: GraphQLSchema;
  let annotations: SchemaAnnotations;
  let policy: Policy;
  beforeAll(async () => {
    gw = await startTestGateway();
    policy = gw.gateway.services.policy;
    schema = createExecutableSchema({ connectors: gw.gateway.services.connectors });
    annotations = readAnnotations(schema, policy, gw.gateway.services.connectors);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('no denied category ever reaches a response: random selections × random role/purpose pairs × random subjects', async () => {
    const pairs = [...policy.roles].flatMap(([role, purposes]) => purposes.map((purpose) => [role, purpose] as const));
    const subjectType = schema.getType('DataSubject') as GraphQLObjectType;
    await fc.assert(
      fc.asyncProperty(selectionArb(subjectType, 3), fc.constantFrom(...pairs), personArb, fc.constantFrom(...IDENTITY_TYPES), async (selection, [role, purposeId], who, type) => {
        const purpose = policy.purposes.get(purposeId) as Purpose;
        // A depersonalized purpose finds subjects only by the pseudonyms it was given (CONTRACT.md §5).
        const ref = purpose.depersonalized ? { pseudonym: gw.gateway.services.pseudonymizer.forPurpose(purposeId).identity({ type, value: who.identities[type] }) } : refOf(who, type);
        const r = await gw.query(`query($ref: SubjectRef!){ subject(ref:$ref){ ${selection} } }`, { roles: [role], purpose: purposeId, variables: { ref } });
        expect(r.status).toBe(200);
        expect((r.body.errors ?? []).map((e) => e.extensions?.code).filter((c) => !['FORBIDDEN', 'SUBJECT_BLOCKED', 'CONSENT_REQUIRED', 'SOURCE_UNAVAILABLE'].includes(c))).toEqual([]);
        expect(r.body.data?.subject).not.toBeNull();
        expect(leaks({ value: r.body.data?.subject, type: subjectType, at: 'subject', purpose, policy, annotations })).toEqual([]);
        // Nor anywhere else in the body, in clear: the identities and the name the purpose may not read.
        const text = JSON.stringify(r.body);
        const denied = IDENTITY_TYPES.filter((t) => !policy.allows(purposeId, CATEGORY_OF[t])).map((t) => who.identities[t]);
        if (!policy.allows(purposeId, 'identity.name')) denied.push(who.name);
        expect(denied.filter((value) => text.includes(value))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('the leak check is not vacuous: what an officer reads about Alice is a leak for marketing and for analytics', async () => {
    const subjectType = schema.getType('DataSubject') as GraphQLObjectType;
    const r = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ identities { type value } profile { name email } orders { ip } } }', { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
    for (const id of ['marketing', 'analytics']) {
      const found = leaks({ value: r.body.data?.subject, type: subjectType, at: 'subject', purpose: policy.purposes.get(id) as Purpose, policy, annotations });
      expect(found.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('identity resolution finds the same subject from any of its identities, however they are spelt', async () => {
    const idOf = async (ref: Record<string, string>): Promise<unknown> => (await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ id } }', { ...OFFICER, variables: { ref } })).body.data?.subject?.id;
    await fc.assert(
      fc.asyncProperty(personArb, fc.constantFrom(...IDENTITY_TYPES), fc.constantFrom(...IDENTITY_TYPES), fc.nat(), async (who, a, b, variant) => {
        const [first, second] = [await idOf(refOf(who, a, variant)), await idOf(refOf(who, b, variant + 1))];
        expect(first).toMatch(/^sub_[0-9a-f]{24}$/);
        expect(second).toBe(first);
        const batch = await gw.query('query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id } }', { ...OFFICER, variables: { refs: IDENTITY_TYPES.map((t) => refOf(who, t)) } });
        expect(batch.body.data?.subjects).toEqual(IDENTITY_TYPES.map(() => ({ id: first })));
      }),
      RUNS,
    );
  });

  it('two different people never resolve to the same subject', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(personArb, { minLength: 2, maxLength: 2, selector: (p) => p.identities.EMAIL }), fc.constantFrom(...IDENTITY_TYPES), async ([p, q], type) => {
        const r = await gw.query('query($refs: [SubjectRef!]!){ subjects(refs:$refs){ id } }', { ...OFFICER, variables: { refs: [refOf(p as Person, type), refOf(q as Person, type)] } });
        const [x, y] = r.body.data?.subjects ?? [];
        expect(x.id).not.toBe(y.id);
      }),
      { numRuns: 25 },
    );
  });
});

describe('properties of the policy compiler (pure)', () => {
  const base = YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as Record<string, unknown>;
  const shipped = compilePolicy(base, 'shipped');
  const categories = [...shipped.categories.keys()];
  const nodes = ['*', ...categories];
  const expand = (grants: readonly string[]) => new Set(categories.filter((c) => grants.some((g) => covers(g, c))));

  interface Spec {
    grants: string[];
    parent: number | null;
    seesBlocked: boolean;
    requiresConsent: boolean;
    depersonalized: boolean;
  }
  const raw = (specs: readonly Spec[]) => ({
    version: 'generated',
    categories: base.categories,
    deadlines: { gdpr: { months: 1 } },
    roles: {},
    purposes: Object.fromEntries(specs.map((s, i) => [`p${i}`, {
      basis: LEGAL_BASES[i % LEGAL_BASES.length],
      categories: s.grants,
      ...(s.parent === null ? {} : { parent: `p${s.parent}` }),
      seesBlocked: s.seesBlocked,
      requiresConsent: s.requiresConsent,
      depersonalized: s.depersonalized,
    }])),
  });
  const compile = (specs: readonly Spec[]): Policy | PolicyError => {
    try {
      return compilePolicy(raw(specs), 'generated');
    } catch (error) {
      if (error instanceof PolicyError) return error;
      throw error;
    }
  };
  /**
   * Purpose trees (a parent always listed before its child). A "narrowed" child keeps only the
   * grants its parent covers and its parent's restrictions, so about half the children are valid.
   */
  const treeArb = fc
    .array(fc.record({ grants: fc.subarray(nodes, { minLength: 1, maxLength: 4 }), parentPick: fc.option(fc.nat(), { nil: null }), narrowed: fc.boolean(), seesBlocked: fc.boolean(), requiresConsent: fc.boolean(), depersonalized: fc.boolean() }), { minLength: 2, maxLength: 6 })
    .map((drafts) => {
      const specs: Spec[] = [];
      drafts.forEach((d, i) => {
        const parent = d.parentPick === null || i === 0 ? null : d.parentPick % i;
        const above = parent === null ? null : (specs[parent] as Spec);
        if (!above || !d.narrowed) return specs.push({ grants: d.grants, parent, seesBlocked: d.seesBlocked, requiresConsent: d.requiresConsent, depersonalized: d.depersonalized });
        const kept = d.grants.filter((g) => above.grants.some((p) => covers(p, g)));
        return specs.push({ grants: kept.length ? kept : [above.grants[0] as string], parent, seesBlocked: d.seesBlocked && above.seesBlocked, requiresConsent: d.requiresConsent || above.requiresConsent, depersonalized: d.depersonalized || above.depersonalized });
      });
      return specs;
    });

  it('a child purpose never reads more than its parent: rejected if it would, and allows(child, c) ⇒ allows(parent, c) when accepted', () => {
    fc.assert(
      fc.property(treeArb, (specs) => {
        const compiled = compile(specs);
        const parentOf = (s: Spec): Spec | null => (s.parent === null ? null : (specs[s.parent] as Spec));
        const readsMore = specs.some((s) => {
          const p = parentOf(s);
          return p !== null && [...expand(s.grants)].some((c) => !expand(p.grants).has(c));
        });
        const loosens = specs.some((s) => {
          const p = parentOf(s);
          return p !== null && ((s.seesBlocked && !p.seesBlocked) || (p.requiresConsent && !s.requiresConsent) || (p.depersonalized && !s.depersonalized));
        });
        if (readsMore || loosens) expect(compiled).toBeInstanceOf(PolicyError);
        // The syntactic rule: every grant under one of the parent's, restrictions inherited → accepted.
        const withinParent = specs.every((s) => s.grants.every((g) => parentOf(s)?.grants.some((p) => covers(p, g)) ?? true));
        if (withinParent && !loosens) expect(compiled).not.toBeInstanceOf(PolicyError);
        if (compiled instanceof PolicyError) return;
        specs.forEach((s, i) => {
          for (let up = s.parent; up !== null; up = (specs[up] as Spec).parent) {
            for (const c of categories) if (compiled.allows(`p${i}`, c)) expect([`p${i} ⊆ p${up}`, c, compiled.allows(`p${up}`, c)]).toEqual([`p${i} ⊆ p${up}`, c, true]);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('a parent chain with a cycle is rejected, and one without is accepted', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat({ max: 5 }), { nil: null }), { minLength: 1, maxLength: 6 }), (parents) => {
        const specs: Spec[] = parents.map((p) => ({ grants: ['*'], parent: p === null ? null : p % parents.length, seesBlocked: false, requiresConsent: false, depersonalized: false }));
        const cyclic = specs.some((_, start) => {
          const seen = new Set<number>();
          let at: number | null = start;
          while (at !== null) {
            if (seen.has(at)) return true;
            seen.add(at);
            at = (specs[at] as Spec).parent;
          }
          return false;
        });
        expect(compile(specs) instanceof PolicyError).toBe(cyclic);
      }),
      { numRuns: 200 },
    );
  });
});
