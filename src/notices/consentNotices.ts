import type { Policy } from '../policy/Policy';
import type { DisclosureDoc } from '../state/Disclosures';
import type { OutboxItem } from '../state/Outbox';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import type { NoticeChannels } from './NoticeChannels';
import { noticeItem } from './noticeItem';

/**
 * The notices one consent decision owes to the systems that act on it: each source declaring
 * `onConsentChange` for the purpose that holds records of the subject (or could not be asked:
 * a source down must still hear of a withdrawal), and each recipient reached through the purpose
 * that received the subject's data. Pure.
 */
export function consentNotices(input: {
  readonly policy: Policy;
  readonly channels: NoticeChannels;
  readonly subject: Pick<ResolvedSubject, 'id' | 'identities' | 'records'>;
  readonly purpose: string;
  readonly grant: boolean;
  readonly at: string;
  readonly disclosures: readonly DisclosureDoc[];
}): OutboxItem[] {
  const event = input.grant ? 'CONSENT_GRANTED' : 'CONSENT_WITHDRAWN';
  const causeId = `consent:${input.subject.id}:${input.purpose}:${input.at}`;
  const categories = [...(input.policy.purposes.get(input.purpose)?.grants ?? [])];
  const detail = { purpose: input.purpose, status: input.grant ? 'ACTIVE' : 'WITHDRAWN', policyVersion: input.policy.version };
  const common = { event, subjectId: input.subject.id, identities: input.subject.identities, causeId, categories, now: new Date(input.at), detail } as const;
  const out: OutboxItem[] = [];
  for (const [source, channel] of input.channels.sources) {
    if (channel.purposes && !channel.purposes.includes(input.purpose)) continue;
    const records = input.subject.records.get(source);
    if (records === undefined || (Array.isArray(records) && records.length === 0)) continue;
    out.push(noticeItem({ ...common, receiverKind: 'SOURCE', receiver: source, channel }));
  }
  const received = new Set(input.disclosures.map((d) => d.recipient));
  for (const recipient of input.policy.thirdParties.values()) {
    if (!recipient.purposes.includes(input.purpose) || !received.has(recipient.id)) continue;
    out.push(noticeItem({ ...common, receiverKind: 'RECIPIENT', receiver: recipient.id, channel: input.channels.recipients.get(recipient.id) ?? { url: null, reference: null } }));
  }
  return out;
}
