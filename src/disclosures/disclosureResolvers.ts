import type { IResolvers } from '@graphql-tools/utils';
import type { RequestContext } from '../context';
import { pageSize } from '../resolvers/connection';
import { identityKey } from '../sources/Identity';
import type { DisclosureDoc } from '../state/Disclosures';
import { readIdentityRef } from '../input/readIdentityRef';

export const disclosureResolvers: IResolvers<unknown, RequestContext> = {
  Query: {
    disclosures: async (_: unknown, args: { subject: unknown; first?: number }, ctx: RequestContext) => {
      const first = pageSize(args.first, 100, 1000);
      const subject = await ctx.subjects.load(identityKey(readIdentityRef(args.subject, 'subject')));
      ctx.audit.touched = true;
      if (!subject) return [];
      ctx.audit.subject(subject.id);
      return ctx.services.state.disclosures.forSubject(subject.id, first);
    },
  },
  Disclosure: {
    recipientName: (d: DisclosureDoc, _: unknown, ctx: RequestContext) => ctx.services.policy.thirdParties.get(d.recipient)?.name ?? d.recipient,
    basis: (d: DisclosureDoc, _: unknown, ctx: RequestContext) => ctx.services.policy.thirdParties.get(d.recipient)?.basis ?? 'unknown',
  },
};
