import { covers } from '../policy/categoryTree';
import type { Identity } from '../sources/Identity';
import type { DisclosureDoc } from '../state/Disclosures';
import type { NoticeEvent, OutboxItem } from '../state/Outbox';
import { PROFILE_FACTS } from '../subjects/subjectFacts';
import type { NoticeChannels } from './NoticeChannels';
import { noticeItem } from './noticeItem';

/** The request types whose completion each recipient of the subject's data must hear of (GDPR art. 19). */
export const NOTICE_OF: Readonly<Record<string, NoticeEvent>> = { ERASE: 'ERASED', RECTIFY: 'RECTIFIED', BLOCK: 'BLOCKED', UNBLOCK: 'UNBLOCKED' };

const overlaps = (a: string, b: string): boolean => covers(a, b) || covers(b, a);

/**
 * The notices one completed request owes: one per recipient that received the subject's data
 * (the disclosures log), naming the categories it received that the request touched — all of
 * them for an erasure or a restriction, the changed ones for a rectification (a recipient that
 * received none of those is owed nothing), with the new values of those only. Pure.
 */
export function dsrNotices(input: {
  readonly type: string;
  readonly requestId: string;
  readonly subjectId: string;
  readonly identities: readonly Identity[];
  readonly disclosures: readonly DisclosureDoc[];
  readonly channels: NoticeChannels;
  /** RECTIFY: the changed profile fields and their new values. */
  readonly changes?: Readonly<Record<string, string | null>>;
  readonly now: Date;
}): OutboxItem[] {
  const event = NOTICE_OF[input.type];
  if (!event) return [];
  const received = new Map<string, Set<string>>();
  for (const d of input.disclosures) received.set(d.recipient, new Set([...(received.get(d.recipient) ?? []), ...d.categories]));
  const changed = Object.entries(input.changes ?? {}).flatMap(([field, value]) => {
    const fact = PROFILE_FACTS[field as keyof typeof PROFILE_FACTS];
    return fact ? [{ field, value, category: fact.category }] : [];
  });
  const out: OutboxItem[] = [];
  for (const [recipient, categories] of received) {
    const channel = input.channels.recipients.get(recipient) ?? { url: null, reference: null };
    let notified = [...categories];
    let detail: Record<string, unknown> | undefined;
    if (event === 'RECTIFIED') {
      const relevant = changed.filter((c) => notified.some((r) => overlaps(r, c.category)));
      if (relevant.length === 0) continue;
      notified = relevant.map((c) => c.category);
      detail = { changes: Object.fromEntries(relevant.map((c) => [c.field, c.value])) };
    }
    out.push(noticeItem({ event, receiverKind: 'RECIPIENT', receiver: recipient, channel, subjectId: input.subjectId, identities: input.identities, causeId: input.requestId, categories: notified, now: input.now, detail }));
  }
  return out;
}
