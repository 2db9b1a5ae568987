import { makeExecutableSchema } from '@graphql-tools/schema';
import YAML from 'yaml';
import { readFileSync } from 'node:fs';
import { DEFAULT_POLICY_FILE, compilePolicy, loadPolicy } from '../src/policy/loadPolicy';
import { readAnnotations } from '../src/schema/readAnnotations';
import { loadTypeDefs } from '../src/schema/loadTypeDefs';

const base = () => YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
const compile = (mutate: (p: any) => void) => {
  const p = base();
  mutate(p);
  return () => compilePolicy(p, 'test');
};

describe('policy file validation (start-up refuses what it cannot enforce)', () => {
  it('loads the shipped default: the contract table', () => {
    const policy = loadPolicy();
    expect([...policy.purposes.keys()].sort()).toEqual(['analytics', 'customer_support', 'dsr_handling', 'fraud_prevention', 'legal_compliance', 'marketing', 'order_fulfillment', 'payment_processing']);
    expect(policy.allows('order_fulfillment', 'contact.email')).toBe(true); // granting `contact` grants `contact.email`
    expect(policy.allows('order_fulfillment', 'payment.card')).toBe(false);
    expect(policy.allows('legal_compliance', 'payment.card')).toBe(true);
    expect(policy.mayDeclare(['shop_service'], 'fraud_prevention')).toBe(true);
    expect(policy.mayDeclare(['shop_service'], 'marketing')).toBe(false);
    expect(policy.purposes.get('marketing')).toMatchObject({ basis: 'consent', requiresConsent: true });
    expect(policy.purposes.get('analytics')).toMatchObject({ depersonalized: true });
    expect(policy.mutationRule('grantConsent').roles).toContain('shop_service');
    expect(policy.mutationRule('eraseSubject').roles).toEqual(['privacy_officer', 'erasure_automation']);
    expect(policy.retentionFor('order.total').afterErasure).toBe('depersonalize');
    expect(policy.categories.get('payment.transaction')?.description).toBe('Amount, currency and status of a payment');
  });

  it.each([
    ['an unknown category in a purpose', (p: any) => p.purposes.marketing.categories.push('contact.fax'), /purposes\.marketing\.categories\[4\]: expected a category defined under `categories`.*"contact\.fax"/],
    ['a role naming a missing purpose', (p: any) => p.roles.analyst.push('mind_reading'), /roles\.analyst\[1\]: expected a purpose defined under `purposes`, got "mind_reading"/],
    ['an unknown legal basis', (p: any) => (p.purposes.analytics.basis = 'because'), /purposes\.analytics\.basis: expected one of contract/],
    ['a misspelt key', (p: any) => (p.purposes.marketing.requiresConsnet = true), /purposes\.marketing\.requiresConsnet: expected one of the keys/],
    ['a child purpose reading more than its parent', (p: any) => (p.purposes.newsletter = { basis: 'consent', parent: 'marketing', requiresConsent: true, categories: ['contact.phone'] }), /purposes\.newsletter\.categories: expected categories within those of its parent "marketing", got "contact\.phone"/],
    ['a child purpose dropping its parent\'s consent', (p: any) => (p.purposes.newsletter = { basis: 'consent', parent: 'marketing', categories: ['contact.email'] }), /purposes\.newsletter\.requiresConsent: expected true/],
    ['a child seeing blocked subjects its parent does not', (p: any) => (p.purposes.deep = { basis: 'contract', parent: 'order_fulfillment', seesBlocked: true, categories: ['order'] }), /purposes\.deep\.seesBlocked: expected false/],
    ['a mutation rule for an unknown role', (p: any) => (p.mutations.eraseSubject = { roles: ['janitor'], purposes: ['dsr_handling'] }), /mutations\.eraseSubject\.roles\[0\]: expected a role defined under `roles`/],
    ['a hold of unknown categories', (p: any) => (p.holds.tax = { basis: 'tax law', years: 6, categories: ['payment.tax'] }), /holds\.tax\.categories\[0\]/],
    ['no deadlines', (p: any) => (p.deadlines = {}), /deadlines: expected at least one of fz152, gdpr/],
  ])('rejects %s, naming the key', (_name, mutate, message) => {
    expect(compile(mutate)).toThrow(message);
  });

  it('accepts a child purpose within its parent', () => {
    const policy = compile((p) => (p.purposes.newsletter = { basis: 'consent', parent: 'marketing', requiresConsent: true, categories: ['contact.email'] }))();
    expect(policy.allows('newsletter', 'contact.email')).toBe(true);
    expect(policy.allows('newsletter', 'identity.name')).toBe(false);
  });

  it('refuses a schema whose personal field has no category, or a category the policy lacks', () => {
    const policy = loadPolicy();
    const withGap = [...loadTypeDefs(), 'extend type Profile { birthday: String }'];
    expect(() => readAnnotations(makeExecutableSchema({ typeDefs: withGap }), policy, [])).toThrow(/Profile\.birthday: expected @category, @identifierValue, @subjectData or @notPersonal/);
    const unknown = [...loadTypeDefs(), 'extend type Profile { birthday: String @category(name: "identity.birthday") }'];
    expect(() => readAnnotations(makeExecutableSchema({ typeDefs: unknown }), policy, [])).toThrow(/Profile\.birthday: expected a category the policy defines, got "identity\.birthday"/);
  });
});
