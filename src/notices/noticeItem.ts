import { createHash } from 'node:crypto';
import type { Identity } from '../sources/Identity';
import type { NoticeEvent, OutboxItem } from '../state/Outbox';
import type { NoticeChannel } from './NoticeChannels';

export const NOTICE_FORMAT = 'privacy-gateway/notice@1';

export interface NoticeInput {
  readonly event: NoticeEvent;
  readonly receiverKind: OutboxItem['receiverKind'];
  readonly receiver: string;
  readonly channel: NoticeChannel;
  readonly subjectId: string;
  /** The subject's identities, as the closure of the request (or the consent's resolution) found them. */
  readonly identities: readonly Identity[];
  readonly causeId: string;
  readonly categories: readonly string[];
  readonly now: Date;
  /** What else the event tells (a rectification's new values, a consent's purpose and status). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/**
 * One notice as it is owed. The body names the subject by the receiver's own reference (the
 * identity its channel declares, when the subject has one), else by the gateway's pseudonymous
 * id: never the whole closure. The id is derived from the cause and the receiver, so a notice
 * built twice (a crash between the enqueue and the completion) is stored once.
 */
export function noticeItem(input: NoticeInput): OutboxItem {
  const id = `ntc_${createHash('sha256').update(`${input.event}\u0000${input.causeId}\u0000${input.receiverKind}\u0000${input.receiver}`).digest('hex').slice(0, 32)}`;
  const known = input.channel.reference ? input.identities.find((i) => i.type === input.channel.reference) : undefined;
  const subject = known ? { type: known.type, value: known.value } : { type: 'SUBJECT_ID', value: input.subjectId };
  const categories = [...new Set(input.categories)].sort();
  const body = JSON.stringify({ format: NOTICE_FORMAT, id, event: input.event, receiver: input.receiver, causeId: input.causeId, at: input.now.toISOString(), subject, categories, ...input.detail });
  return { id, event: input.event, receiverKind: input.receiverKind, receiver: input.receiver, subjectId: input.subjectId, causeId: input.causeId, categories, url: input.channel.url, body, createdAt: input.now.toISOString() };
}
