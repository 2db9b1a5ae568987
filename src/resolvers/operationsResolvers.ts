import type { IResolvers } from '@graphql-tools/utils';
import type { RequestContext } from '../context';
import { buildDataMap } from '../policy/buildDataMap';
import { checkSources } from '../sources/checkSources';

export const operationsResolvers: IResolvers<unknown, RequestContext> = {
  Query: {
    dataMap: (_: unknown, __: unknown, ctx: RequestContext) => buildDataMap(ctx.services.policy, ctx.services.connectors),
    sources: (_: unknown, __: unknown, ctx: RequestContext) => checkSources(ctx.services.connectors, { timeoutMs: ctx.services.config.sourceTimeoutMs }),
  },
};
