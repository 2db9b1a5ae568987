import type { DisclosureDoc } from '../state/Disclosures';
import { consentNotices } from './consentNotices';
import { dsrNotices } from './dsrNotices';
import type { NoticeChannels } from './NoticeChannels';
import { loadPolicy } from '../policy/loadPolicy';

const now = new Date('2030-01-01T00:00:00.000Z');
const disclosed = (recipient: string, categories: string[]): DisclosureDoc => ({ subjectId: 'sub_1', recipient, purpose: 'payment_processing', categories, at: now.toISOString(), requestId: 'r' });
const channels: NoticeChannels = {
  recipients: new Map([['payment_processor', { url: 'https://p.example/n', reference: 'CUSTOMER_ID' }], ['email_delivery', { url: null, reference: 'EMAIL' }]]),
  sources: new Map([['orders', { url: 'https://s.example/c', reference: 'CUSTOMER_ID', purposes: ['marketing'] }]]),
};
const identities = [{ type: 'EMAIL' as const, value: 'a@example.com' }];

describe('dsrNotices', () => {
  it('owes each recipient one notice naming every category it received, across reads; the same notice twice has the same id', () => {
    const input = { type: 'ERASE', requestId: 'dsr_1', subjectId: 'sub_1', identities, disclosures: [disclosed('payment_processor', ['payment.card']), disclosed('payment_processor', ['identity.name']), disclosed('email_delivery', ['contact.email'])], channels, now };
    const items = dsrNotices(input);
    expect(items.map((i) => [i.receiver, i.categories, i.url])).toEqual([['payment_processor', ['identity.name', 'payment.card'], 'https://p.example/n'], ['email_delivery', ['contact.email'], null]]);
    expect(dsrNotices(input).map((i) => i.id)).toEqual(items.map((i) => i.id));
    // No customer id in the closure: the subject id, never another identity in its place.
    expect(JSON.parse(items[0]?.body ?? '{}').subject).toEqual({ type: 'SUBJECT_ID', value: 'sub_1' });
    expect(JSON.parse(items[1]?.body ?? '{}').subject).toEqual({ type: 'EMAIL', value: 'a@example.com' });
  });

  it('owes a rectification only to recipients that received a changed category, with those values alone; nothing for an export', () => {
    const disclosures = [disclosed('payment_processor', ['identity.name']), disclosed('email_delivery', ['contact.email'])];
    const items = dsrNotices({ type: 'RECTIFY', requestId: 'dsr_2', subjectId: 'sub_1', identities, disclosures, channels, changes: { name: 'New Name', address: 'Somewhere' }, now });
    expect(items.map((i) => [i.receiver, i.categories, JSON.parse(i.body).changes])).toEqual([['payment_processor', ['identity.name'], { name: 'New Name' }]]);
    expect(dsrNotices({ type: 'EXPORT', requestId: 'dsr_3', subjectId: 'sub_1', identities, disclosures, channels, now })).toEqual([]);
  });
});

describe('consentNotices', () => {
  const policy = loadPolicy();
  const subject = (records: unknown) => ({ id: 'sub_1', identities: [{ type: 'CUSTOMER_ID' as const, value: 'cus_1' }], records: new Map([['orders', records as never]]) });

  it('reaches a source holding the subject (or one that could not answer), and recipients of the purpose that received the subject', () => {
    const withRecords = consentNotices({ policy, channels, subject: subject([{ id: 'o1' }]), purpose: 'marketing', grant: false, at: now.toISOString(), disclosures: [{ ...disclosed('email_delivery', ['contact.email']), purpose: 'marketing' }] });
    expect(withRecords.map((i) => [i.receiverKind, i.receiver, i.event, i.url])).toEqual([['SOURCE', 'orders', 'CONSENT_WITHDRAWN', 'https://s.example/c'], ['RECIPIENT', 'email_delivery', 'CONSENT_WITHDRAWN', null]]);
    expect(JSON.parse(withRecords[0]?.body ?? '{}')).toMatchObject({ purpose: 'marketing', status: 'WITHDRAWN', subject: { type: 'CUSTOMER_ID', value: 'cus_1' } });
    expect(consentNotices({ policy, channels, subject: subject(new Error('down')), purpose: 'marketing', grant: true, at: now.toISOString(), disclosures: [] }).map((i) => i.receiver)).toEqual(['orders']);
    expect(consentNotices({ policy, channels, subject: subject([]), purpose: 'marketing', grant: true, at: now.toISOString(), disclosures: [] })).toEqual([]);
  });
});
