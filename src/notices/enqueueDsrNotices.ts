import type { DsrRequestDoc, NotifiedRecipientDoc } from '../dsr/DsrRequestDoc';
import type { DsrDeps } from '../dsr/resolveForDsr';
import type { OutboxItem } from '../state/Outbox';
import { NOTICE_OF, dsrNotices } from './dsrNotices';

/**
 * Stores the notices completing requests owe (erasure, rectification, restriction or its lift;
 * GDPR art. 19) in the outbox, before the requests are marked complete: a crash between the two
 * redoes the enqueue, which stores nothing twice. Two statements for a whole wave. Returns, per
 * request id, the recipients told, for the destruction act.
 */
export async function enqueueDsrNotices(deps: Pick<DsrDeps, 'state' | 'channels' | 'policy'>, requests: readonly DsrRequestDoc[], now: Date): Promise<Map<string, NotifiedRecipientDoc[]>> {
  const owing = requests.filter((r) => r.subjectId && NOTICE_OF[r.type]);
  const out = new Map<string, NotifiedRecipientDoc[]>(requests.map((r) => [r._id, []]));
  if (owing.length === 0) return out;
  const disclosures = await deps.state.disclosures.forSubjects([...new Set(owing.map((r) => r.subjectId as string))]);
  if (disclosures.length === 0) return out;
  const items: OutboxItem[] = [];
  for (const request of owing) {
    const owed = dsrNotices({
      type: request.type,
      requestId: request._id,
      subjectId: request.subjectId as string,
      identities: request.identities ?? [],
      disclosures: disclosures.filter((d) => d.subjectId === request.subjectId),
      channels: deps.channels,
      changes: request.type === 'RECTIFY' ? request.payload.changes : undefined,
      now,
    });
    items.push(...owed);
    out.set(request._id, owed.map((item) => ({
      recipient: item.receiver,
      name: deps.policy.thirdParties.get(item.receiver)?.name ?? item.receiver,
      categories: [...item.categories],
      noticeId: item.id,
      channel: item.url === null ? 'NONE' : 'DECLARED',
    })));
  }
  await deps.state.outbox.enqueue(items);
  return out;
}
