import { createHash } from 'node:crypto';
import { canonicalJson } from '../src/audit/AuditEvent';
import type { DestructionActInput } from '../src/dsr/buildDestructionAct';
import { ERASURE_ON_REQUEST, buildDestructionAct } from '../src/dsr/buildDestructionAct';

const input = (over: Partial<DestructionActInput> = {}): DestructionActInput => ({
  requestId: 'dsr_1',
  subjectId: 'sub_1',
  identityHashes: ['b', 'a'],
  reason: { type: 'ERASE', text: null, legalBasis: ERASURE_ON_REQUEST },
  requestedBy: 'officer-1',
  requestedAt: '2026-11-30T10:00:00.000Z',
  dueAt: '2026-12-14T10:00:00.000Z',
  performedBy: 'worker_1',
  tasks: [
    { source: 'crm', completedAt: '2026-11-30T10:00:05.000Z', plan: { deleted: 1, depersonalized: 0, retained: 2, retainedRecords: [{ id: 'addr_1', until: null, hold: 'shared' }, { id: 'inv_1', until: '2031-01-01T00:00:00.000Z', hold: 'accounting' }] } },
    { source: 'archive', completedAt: null, plan: null },
  ],
  sources: [{ name: 'crm', system: 'CRM (MySQL)', kind: 'mysql', embedded: false, categories: ['contact.address', 'identity.name', 'payment.transaction'], keptWhenDepersonalized: [], recipients: [] }],
  holds: [{ name: 'accounting', basis: '402-FZ art. 29', years: 5, categories: ['payment'] }],
  notices: null,
  policyVersion: 'v1',
  audit: [],
  now: new Date('2026-11-30T10:00:06.000Z'),
  ...over,
});

describe('buildDestructionAct (pure: plain data in, the act out)', () => {
  it('one RETAINED action per hold, a shared record kept for the others; a source with no plan destroyed nothing', () => {
    const act = buildDestructionAct(input());
    const [crm, archive] = act.sources;
    expect(crm?.actions).toEqual([
      { method: 'DELETED', records: 1, categories: ['contact.address', 'identity.name', 'payment.transaction'], categoriesKept: [], hold: null, holdBasis: null, until: null },
      { method: 'RETAINED', records: 1, categories: [], categoriesKept: ['contact.address', 'identity.name', 'payment.transaction'], hold: 'shared', holdBasis: expect.stringMatching(/other people/), until: null },
      { method: 'RETAINED', records: 1, categories: [], categoriesKept: ['payment.transaction'], hold: 'accounting', holdBasis: '402-FZ art. 29', until: '2031-01-01T00:00:00.000Z' },
    ]);
    expect(crm).toMatchObject({ custody: 'OPERATOR_MANAGED', retainedUntil: '2031-01-01T00:00:00.000Z', retainedUnder: 'shared, accounting' });
    expect(archive).toMatchObject({ deleted: 0, depersonalized: 0, retained: 0, actions: [], custody: null, system: null });
    expect(act.operator).toBeNull();
    expect(act.subjectIdentityHashes).toEqual(['a', 'b']);
  });

  it('the hash covers every field: the same input gives the same act, any change another hash', () => {
    const { sha256, ...body } = buildDestructionAct(input());
    expect(sha256).toBe(createHash('sha256').update(canonicalJson(body)).digest('hex'));
    expect(buildDestructionAct(input()).sha256).toBe(sha256);
    expect(buildDestructionAct(input({ requestedBy: 'officer-2' })).sha256).not.toBe(sha256);
    expect(buildDestructionAct(input({ audit: [{ id: 'aud_1', at: '2026-11-30T10:00:01.000Z', client: 'officer-1', purpose: 'dsr_handling', operation: null, outcome: 'ok', hash: 'h', prevHash: null }] })).sha256).not.toBe(sha256);
  });
});
