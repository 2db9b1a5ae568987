import type { IResolvers } from '@graphql-tools/utils';
import type { RequestContext } from '../context';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import { changeObjection } from './changeObjection';

type ObjectionArgs = { input: { ref: unknown; purpose: unknown; reason?: unknown; receivedAt?: unknown; idempotencyKey?: unknown } };

export const objectionResolvers: IResolvers<unknown, RequestContext> = {
  Mutation: {
    objectToPurpose: async (_: unknown, args: ObjectionArgs, ctx: RequestContext) => {
      const doc = await changeObjection({ deps: ctx.services, input: args.input, caller: ctx.caller, object: true, now: new Date() });
      ctx.audit.subject(doc.subjectId as string);
      return doc;
    },
    withdrawObjection: async (_: unknown, args: ObjectionArgs, ctx: RequestContext) => {
      const doc = await changeObjection({ deps: ctx.services, input: args.input, caller: ctx.caller, object: false, now: new Date() });
      ctx.audit.subject(doc.subjectId as string);
      return doc;
    },
  },
  DataSubject: {
    objections: (subject: ResolvedSubject) => subject.state?.objections ?? [],
  },
};
