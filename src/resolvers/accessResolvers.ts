import type { IResolvers } from '@graphql-tools/utils';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context';
import { badInput, ErrorCode, GatewayError } from '../errors';
import { describeAccess } from '../policy/describeAccess';
import { isOfficePurpose } from '../policy/isOfficePurpose';
import type { Purpose } from '../policy/Policy';
import { readAnnotations } from '../schema/readAnnotations';

/**
 * The purpose `myAccess` describes: the declared one, or (`purpose:`) another of the policy, asked
 * by a privacy office purpose only — the officer's console shows what a purpose would get without
 * declaring it, from the same decisions the gateway enforces.
 */
function describedPurpose(ctx: RequestContext, asked: string | null | undefined): Purpose {
  if (asked === null || asked === undefined || asked === ctx.purpose.id) return ctx.purpose;
  const other = ctx.services.policy.purposes.get(asked);
  if (!other) throw badInput(`expected purpose to be a purpose of the policy (${[...ctx.services.policy.purposes.keys()].join(', ')}), got another`);
  if (!isOfficePurpose(ctx.purpose)) throw new GatewayError(ErrorCode.FORBIDDEN, `myAccess(purpose:) describes another purpose for a privacy office purpose only, not for "${ctx.purpose.id}"`);
  return other;
}

export const accessResolvers: IResolvers<unknown, RequestContext> = {
  Query: {
    // The annotations are read from the schema being executed (checked at start-up, so this cannot throw).
    myAccess: (_: unknown, args: { purpose?: string | null }, ctx: RequestContext, info: GraphQLResolveInfo) =>
      describeAccess({ policy: ctx.services.policy, purpose: describedPurpose(ctx, args.purpose), caller: ctx.caller, schema: info.schema, annotations: readAnnotations(info.schema, ctx.services.policy, []) }),
  },
};
