import type { IResolvers } from '@graphql-tools/utils';
import type { RequestContext } from '../context';
import { badInput } from '../errors';
import { identityKey } from '../sources/Identity';
import { readPurposeRef } from '../input/readPurposeRef';
import { refScope } from '../resolvers/subjectResolvers';
import { connection, pageSize } from '../resolvers/connection';
import { decodeCursor, encodeCursor } from '../state/AuditLog';

export const auditResolvers: IResolvers<unknown, RequestContext> = {
  Query: {
    auditEvents: async (_: unknown, args: { subject?: unknown; first?: number; after?: string }, ctx: RequestContext) => {
      const first = pageSize(args.first);
      if (args.after) {
        try {
          decodeCursor(args.after);
        } catch {
          throw badInput('after: expected a cursor from a previous page');
        }
      }
      let subjectIds: string[] | undefined;
      if (args.subject) {
        const identity = readPurposeRef(args.subject, { ...refScope(ctx), at: 'subject' });
        const subject = identity ? await ctx.subjects.load(identityKey(identity)) : null;
        if (!subject) return connection([], () => '', false);
        subjectIds = [subject.id];
        ctx.audit.subject(subject.id);
      }
      ctx.audit.touched = true;
      const page = await ctx.services.audit.list({ subjectIds, first, after: args.after ?? null });
      return connection(page.events, (e) => encodeCursor(e.seq), page.hasNextPage);
    },
    verifyAuditLog: (_: unknown, __: unknown, ctx: RequestContext) => ctx.services.audit.verify(),
  },
  AuditEvent: {
    id: (e: { _id: string }) => e._id,
    clientVerified: (e: { clientVerified?: false }) => e.clientVerified !== false,
  },
};
