import type { DsrRequestDoc, NotifiedRecipientDoc } from '../dsr/DsrRequestDoc';
import type { DsrDeps } from '../dsr/resolveForDsr';
import { NOTICE_OF, dsrNotices } from './dsrNotices';

/** Disclosures read per subject when a request completes: far more than any subject has. */
const DISCLOSURES_READ = 10_000;

/**
 * Stores the notices a completing request owes (erasure, rectification, restriction or its lift;
 * GDPR art. 19) in the outbox, before the request is marked complete: a crash between the two
 * redoes the enqueue, which stores nothing twice. Returns the recipients told, for the act.
 */
export async function enqueueDsrNotices(deps: Pick<DsrDeps, 'state' | 'channels' | 'policy'>, request: DsrRequestDoc, now: Date): Promise<NotifiedRecipientDoc[]> {
  if (!request.subjectId || !NOTICE_OF[request.type]) return [];
  const disclosures = await deps.state.disclosures.forSubject(request.subjectId, DISCLOSURES_READ);
  if (disclosures.length === 0) return [];
  const items = dsrNotices({
    type: request.type,
    requestId: request._id,
    subjectId: request.subjectId,
    identities: request.identities ?? [],
    disclosures,
    channels: deps.channels,
    changes: request.type === 'RECTIFY' ? request.payload.changes : undefined,
    now,
  });
  await deps.state.outbox.enqueue(items);
  return items.map((item) => ({
    recipient: item.receiver,
    name: deps.policy.thirdParties.get(item.receiver)?.name ?? item.receiver,
    categories: [...item.categories],
    noticeId: item.id,
    channel: item.url === null ? 'NONE' : 'DECLARED',
  }));
}
