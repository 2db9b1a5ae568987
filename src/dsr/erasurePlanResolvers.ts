import type { IResolvers } from '@graphql-tools/utils';
import type { RequestContext } from '../context';
import { ErrorCode, GatewayError } from '../errors';
import { readPurposeRef } from '../input/readPurposeRef';
import { isPrivacyOfficer } from '../policy/isPrivacyOfficer';
import { refScope } from '../resolvers/subjectResolvers';
import { planErasure } from './planErasure';

export const erasurePlanResolvers: IResolvers<unknown, RequestContext> = {
  Query: {
    // A read: it names what every source holds of the subject, so it is audited like `subject`.
    erasurePlan: async (_: unknown, args: { subject: unknown }, ctx: RequestContext) => {
      if (!isPrivacyOfficer(ctx.services.policy, ctx.caller)) throw new GatewayError(ErrorCode.FORBIDDEN, "erasurePlan is the privacy officer's: not allowed for the caller's roles");
      const identity = readPurposeRef(args.subject, { ...refScope(ctx), at: 'subject' });
      ctx.audit.touched = true;
      if (!identity) return null;
      const plan = await planErasure({ deps: ctx.services, identity, caller: ctx.caller, now: new Date() });
      if (plan) ctx.audit.subject(plan.subjectId);
      else ctx.audit.refuse('erasurePlan', ErrorCode.NOT_FOUND);
      return plan;
    },
  },
};
