import type { IResolvers } from '@graphql-tools/utils';
import type { RequestContext } from '../context';
import { badInput } from '../errors';
import { readIdentityRef } from '../input/readIdentityRef';
import { readText } from '../input/readText';
import { pageSize } from '../resolvers/connection';
import { identityKey } from '../sources/Identity';
import type { NoticeDoc, NoticeStatus } from '../state/Outbox';
import { NOTICE_STATUSES } from '../state/Outbox';

export const noticeResolvers: IResolvers<unknown, RequestContext> = {
  Query: {
    recipientNotices: async (_: unknown, args: { subject?: unknown; requestId?: unknown; status?: NoticeStatus | null; first?: number }, ctx: RequestContext) => {
      const first = pageSize(args.first, 100, 1000);
      if (args.status != null && !NOTICE_STATUSES.includes(args.status)) throw badInput(`status: expected one of ${NOTICE_STATUSES.join(', ')}`);
      const requestId = args.requestId == null ? undefined : (readText(args.requestId, { at: 'requestId', max: 200, required: true }) as string);
      ctx.audit.touched = true;
      let subjectId: string | undefined;
      if (args.subject != null) {
        const subject = await ctx.subjects.load(identityKey(readIdentityRef(args.subject, 'subject')));
        if (!subject) return [];
        ctx.audit.subject(subject.id);
        subjectId = subject.id;
      }
      return ctx.services.state.outbox.list({ subjectId, causeId: requestId, status: args.status ?? undefined, first });
    },
  },
  RecipientNotice: {
    requestId: (n: NoticeDoc) => n.causeId,
    receiverName: (n: NoticeDoc, _: unknown, ctx: RequestContext) => (n.receiverKind === 'RECIPIENT' ? ctx.services.policy.thirdParties.get(n.receiver)?.name : ctx.services.connectors.find((c) => c.name === n.receiver)?.system) ?? n.receiver,
  },
};
