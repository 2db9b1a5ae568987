import { erasurePlanLines } from '../src/console/app/erasurePlanLines';
import { SchemaInfo } from '../src/console/app/schemaInfo';
import { maskFromAccess } from '../src/console/app/seenAs';
import { subjectHandleSelection, subjectRefOf } from '../src/console/app/subjectHandle';

/**
 * The console's pure parts, against the shapes other parts of the gateway add (feature-detected in
 * the page): the erasure plan's confirmation text, a request's way to its subject, and "seen as"
 * from myAccess(purpose:).
 */
const scalar = (name: string) => ({ kind: 'SCALAR', name, ofType: null });
const object = (name: string) => ({ kind: 'OBJECT', name, ofType: null });
const nonNull = (t: { kind: string; name: string | null; ofType: unknown }) => ({ kind: 'NON_NULL', name: null, ofType: t as never });
const type = (name: string, fields: Array<[string, ReturnType<typeof scalar>]>, kind = 'OBJECT') => ({ kind, name, enumValues: null, inputFields: null, fields: fields.map(([f, t]) => ({ name: f, args: [], type: t })) });

describe('erasurePlanLines: the erase confirmation from erasurePlan(subject:)', () => {
  it('says per source what is deleted, depersonalized, restricted, and kept under a hold until when', () => {
    const lines = erasurePlanLines({
      sources: [
        { source: 'orders', reachable: true, error: null, actions: [{ collection: 'orders', action: 'DEPERSONALIZE', records: 2, hold: null, until: null, reason: 'statistics kept' }] },
        { source: 'payments', reachable: true, error: null, actions: [
          { collection: 'payments', action: 'RETAIN', records: 1, hold: 'legal hold "accounting"', basis: 'tax code art. 23', until: '2031-03-01T00:00:00.000Z', reason: 'tax law' },
          { collection: 'paymentCustomers', action: 'DELETE', records: 1, hold: null, until: null, reason: null },
        ] },
        { source: 'support', actions: [{ collection: 'tickets', action: 'RESTRICT', records: 3 }, { collection: 'messages', action: 'DELETE', records: 0 }] },
        { source: 'newsletter', reachable: true, note: 'no subscription under any identity', actions: [{ collection: 'subscribers', action: 'DELETE', records: 0 }] },
        { source: 'archive', reachable: true, actions: [] },
        { source: 'ledger', reachable: true, actions: [{ collection: null, action: 'RESTRICT', records: 1 }] },
        { source: 'crm', reachable: false, error: 'timed out', actions: [] },
      ],
    });
    expect(lines).toEqual([
      { source: 'orders', lines: ['orders: 2 records depersonalized: personal fields removed, the rest kept (statistics kept)'] },
      { source: 'payments', lines: ['payments: 1 record kept under legal hold "accounting" (tax code art. 23) until 2031-03-01 00:00 UTC, restricted, then destroyed (tax law)', 'paymentCustomers: 1 record deleted'] },
      { source: 'support', lines: ['tickets: 3 records restricted: kept, read by no purpose'] },
      { source: 'newsletter', lines: ['no subscription under any identity'] },
      { source: 'archive', lines: ['holds nothing of this person: nothing to do'] },
      { source: 'ledger', lines: ['the source: 1 record restricted: kept, read by no purpose'] },
      { source: 'crm', lines: ['could not be asked (timed out): the erasure waits until it answers'] },
    ]);
  });
});

describe('subjectHandle: a queue row opens its subject', () => {
  it('finds no way when DsrRequest has none', () => {
    const schema = new SchemaInfo([type('Query', []), type('DsrRequest', [['id', scalar('ID')]])], { query: 'Query', mutation: null });
    expect(subjectHandleSelection(schema)).toBeNull();
    expect(subjectRefOf({})).toBeNull();
  });

  it('reads DsrRequest.subject as a DataSubject, preferring email, then phone, then customer id', () => {
    const schema = new SchemaInfo(
      [type('Query', []), type('DsrRequest', [['subject', object('DataSubject')]]), type('DataSubject', [['identities', nonNull(object('Identity')) as never]]), type('Identity', [['type', scalar('String')], ['value', scalar('String')]])],
      { query: 'Query', mutation: null },
    );
    expect(subjectHandleSelection(schema)).toBe('subject { identities { type value } }');
    expect(subjectRefOf({ subject: { identities: [{ type: 'CUSTOMER_ID', value: 'cus_bob' }, { type: 'PHONE', value: '+79990000002' }] } })).toEqual({ phone: '+79990000002' });
    expect(subjectRefOf({ subject: { identities: [{ type: 'EMAIL', value: null }, { type: 'CUSTOMER_ID', value: 'cus_bob' }] } })).toEqual({ customerId: 'cus_bob' });
    expect(subjectRefOf({ subject: null })).toBeNull();
  });

  it('reads a ref-shaped handle (subjectRef { email phone customerId pseudonym })', () => {
    const schema = new SchemaInfo([type('Query', []), type('DsrRequest', [['subjectRef', object('SubjectHandle')]]), type('SubjectHandle', [['pseudonym', scalar('String')], ['email', scalar('String')]])], { query: 'Query', mutation: null });
    expect(subjectHandleSelection(schema)).toBe('subjectRef { email pseudonym }');
    expect(subjectRefOf({ subjectRef: { email: null, pseudonym: 'psn_abc' } })).toEqual({ pseudonym: 'psn_abc' });
  });
});

describe('maskFromAccess: "seen as" from myAccess(purpose:)', () => {
  const access = (purpose: Partial<{ requiresConsent: boolean; seesBlocked: boolean; depersonalized: boolean }>) => ({
    purpose: { id: 'p', requiresConsent: false, seesBlocked: false, depersonalized: false, ...purpose },
    categories: [{ category: 'contact.email', access: 'PSEUDONYM' as const }, { category: 'order.total', access: 'READ' as const }, { category: 'payment.card', access: 'FORBIDDEN' as const }],
  });
  it('shows READ, labels PSEUDONYM and FORBIDDEN, and forbids a category myAccess does not list', () => {
    const mask = maskFromAccess({ access: access({}), subject: { status: 'ACTIVE' } });
    expect(['order.total', 'contact.email', 'payment.card', 'unlisted.category'].map(mask)).toEqual([null, 'PSEUDONYM', 'FORBIDDEN', 'FORBIDDEN']);
    expect(mask(null)).toBeNull();
  });
  it('applies the subject gates in the gateway\'s order: blocked, objected, consent', () => {
    expect(maskFromAccess({ access: access({ requiresConsent: true }), subject: { status: 'BLOCKED', objections: [{ purpose: 'p', status: 'ACTIVE' }] } })('order.total')).toBe('SUBJECT_BLOCKED');
    expect(maskFromAccess({ access: access({ requiresConsent: true, seesBlocked: true }), subject: { status: 'BLOCKED', objections: [{ purpose: 'p', status: 'ACTIVE' }] } })('order.total')).toBe('OBJECTED');
    expect(maskFromAccess({ access: access({ requiresConsent: true }), subject: { status: 'ACTIVE', objections: [{ purpose: 'p', status: 'WITHDRAWN' }] } })('order.total')).toBe('CONSENT_REQUIRED');
    expect(maskFromAccess({ access: access({ requiresConsent: true }), subject: { status: 'ACTIVE', consents: [{ purpose: 'p', status: 'ACTIVE' }] } })('order.total')).toBeNull();
  });
});
