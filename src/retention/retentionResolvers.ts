import type { IResolvers } from '@graphql-tools/utils';
import type { RequestContext } from '../context';
import { badInput } from '../errors';
import { connection, pageSize } from '../resolvers/connection';
import type { RetentionRunDoc } from '../state/RetentionRuns';
import { previewRetention } from './runRetention';

const encode = (r: RetentionRunDoc) => Buffer.from(`${r.startedAt}|${r.id}`).toString('base64url');
function decode(cursor: string): { startedAt: string; id: string } {
  const [startedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!startedAt || !id || !/^ret_[0-9a-f-]{36}$/.test(id) || Number.isNaN(Date.parse(startedAt))) throw badInput('after: expected a cursor from a previous page of retentionRuns');
  return { startedAt, id };
}

export const retentionResolvers: IResolvers<unknown, RequestContext> = {
  Query: {
    retentionRuns: async (_: unknown, args: { first?: number; after?: string }, ctx: RequestContext) => {
      const first = pageSize(args.first);
      const after = args.after ? decode(args.after) : null;
      ctx.audit.touched = true;
      const page = await ctx.services.state.retention.list({ first, after });
      return connection(page.runs, encode, page.hasNextPage);
    },
    retentionPreview: (_: unknown, __: unknown, ctx: RequestContext) => {
      ctx.audit.touched = true;
      return previewRetention(ctx.services, new Date());
    },
  },
};
