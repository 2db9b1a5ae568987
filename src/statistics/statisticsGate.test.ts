import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { compilePolicy, DEFAULT_POLICY_FILE } from '../policy/loadPolicy';
import type { Purpose } from '../policy/Policy';
import type { SourceRecord } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import type { SubjectRegistry } from '../state/SubjectRegistry';
import { createPseudonymizer } from '../subjects/Pseudonymizer';
import type { SubjectStateDoc } from '../subjects/SubjectState';
import { statisticsGate } from './statisticsGate';

const raw = YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as Record<string, unknown> & { purposes: Record<string, unknown> };
raw.purposes.surveys = { description: 'Depersonalized, on consent', basis: 'consent', requiresConsent: true, depersonalized: true, categories: ['order'] };
const policy = compilePolicy(raw, 'test');
const pseudonymizer = createPseudonymizer('test-secret-of-at-least-thirty-two-characters!');
const email = (n: string): Identity => ({ type: 'EMAIL', value: `${n}@x.example` });
const state = (n: string, set: Partial<SubjectStateDoc>): SubjectStateDoc => ({ _id: `sub_${n}`, identityHashes: [pseudonymizer.identityHash(email(n))], blocked: false, blockedReason: null, erasing: null, erasedAt: null, consents: [], objections: [], updatedAt: '2026-01-01T00:00:00.000Z', ...set });
const STATES = [
  state('blocked', { blocked: true }),
  state('erased', { erasedAt: '2026-01-01T00:00:00.000Z' }),
  state('objected', { objections: [{ purpose: 'analytics', status: 'ACTIVE', objectedAt: '2026-01-01T00:00:00.000Z', withdrawnAt: null }] }),
  state('withdrew', { objections: [{ purpose: 'analytics', status: 'WITHDRAWN', objectedAt: '2026-01-01T00:00:00.000Z', withdrawnAt: '2026-01-02T00:00:00.000Z' }] }),
  state('consented', { consents: [{ purpose: 'surveys', status: 'ACTIVE', policyVersion: 'v', grantedAt: '2026-01-01T00:00:00.000Z', withdrawnAt: null, evidence: null, history: [] }] }),
];
const registry = { listDecided: async () => STATES } as unknown as SubjectRegistry;
const record = (identities: Identity[], restricted = false): SourceRecord => ({ id: 'r', source: 's', collection: 'c', createdAt: null, identities, restricted, fields: {} });
const gate = (purpose: string) => statisticsGate({ policy, purpose: policy.purposes.get(purpose) as Purpose, registry, pseudonymizer });

describe('statisticsGate', () => {
  it('leaves out blocked, erased and objecting subjects and restricted records; counts the rest, and records naming no one', async () => {
    const include = await gate('analytics');
    expect(['blocked', 'erased', 'objected'].map((n) => include(record([email(n)])))).toEqual([false, false, false]);
    expect(['withdrew', 'consented', 'unknown'].map((n) => include(record([email(n)])))).toEqual([true, true, true]);
    expect(include(record([{ type: 'PHONE', value: '+70000000009' }, email('objected')]))).toBe(false);
    expect(include(record([email('unknown')], true))).toBe(false);
    expect(include(record([]))).toBe(true);
  });

  it('counts, for a consent purpose, only subjects who consented: not a record that names no one', async () => {
    const include = await gate('surveys');
    expect(include(record([email('consented')]))).toBe(true);
    expect(include(record([email('unknown')]))).toBe(false);
    expect(include(record([]))).toBe(false);
  });
});
