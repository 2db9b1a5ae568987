import type { IResolvers } from '@graphql-tools/utils';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context';
import { describeAccess } from '../policy/describeAccess';
import { readAnnotations } from '../schema/readAnnotations';

export const accessResolvers: IResolvers<unknown, RequestContext> = {
  Query: {
    // The annotations are read from the schema being executed (checked at start-up, so this cannot throw).
    myAccess: (_: unknown, __: unknown, ctx: RequestContext, info: GraphQLResolveInfo) =>
      describeAccess({ policy: ctx.services.policy, purpose: ctx.purpose, caller: ctx.caller, schema: info.schema, annotations: readAnnotations(info.schema, ctx.services.policy, []) }),
  },
};
