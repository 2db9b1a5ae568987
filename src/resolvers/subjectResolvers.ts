import type { IResolvers } from '@graphql-tools/utils';
import type { RequestContext } from '../context';
import { ErrorCode, GatewayError, SourceUnavailableError, badInput } from '../errors';
import { accessTo } from '../policy/accessTo';
import { gateSubject } from '../policy/gateSubject';
import { identityCategory } from '../policy/identityCategory';
import type { Connector, SourceRecord } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import { identityKey } from '../sources/Identity';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import { chargeLookups } from './chargeLookups';
import { profileOf } from './profileOf';
import { readPurposeRef } from '../input/readPurposeRef';

export const MAX_REFS = 1000;

/** A source's records the purpose may see: restricted records only for purposes that see blocked data. */
function visibleRecords(subject: ResolvedSubject, source: string, collection: string, ctx: RequestContext): readonly SourceRecord[] {
  const records = subject.records.get(source);
  if (records instanceof Error) throw new SourceUnavailableError(source, records);
  if (!records) return [];
  return records.filter((r) => r.collection === collection && (ctx.purpose.seesBlocked || !r.restricted));
}

/**
 * Identities, each as the purpose may have it: the value if its category is granted, a keyed
 * pseudonym for a depersonalized purpose, otherwise left out (and the omission audited).
 * `identities` is non-null, so a gated subject gets [] rather than an error that would null it.
 */
function visibleIdentities(subject: ResolvedSubject, ctx: RequestContext): Identity[] {
  const { policy, pseudonymizer } = ctx.services;
  const gate = gateSubject(subject, ctx.purpose, policy);
  if (gate) {
    ctx.audit.deny(`${subject.id}.identities`, gate);
    return [];
  }
  const out: Identity[] = [];
  for (const identity of subject.identities) {
    const access = accessTo(policy, ctx.purpose, identityCategory(identity.type));
    if (access === 'READ') out.push(identity);
    else if (access === 'PSEUDONYM') out.push({ type: identity.type, value: pseudonymizer.forPurpose(ctx.purpose.id).identity(identity) });
    else ctx.audit.deny(`Identity.value(${identity.type})`, ErrorCode.FORBIDDEN);
  }
  return out;
}

/** What `readPurposeRef` needs of a request: its purpose and that purpose's pseudonyms. */
export const refScope = (ctx: RequestContext) => ({ purpose: ctx.purpose, names: ctx.services.pseudonymizer.forPurpose(ctx.purpose.id) });

export function subjectResolvers(connectors: readonly Connector[]): IResolvers<unknown, RequestContext> {
  const sourceFields = Object.fromEntries(
    connectors.flatMap((c) => c.collections.map((k) => [k.subjectField, (subject: ResolvedSubject, _: unknown, ctx: RequestContext) => visibleRecords(subject, c.name, k.name, ctx).map((r) => r.fields)])),
  );
  return {
    Query: {
      subject: async (_: unknown, args: { ref: unknown }, ctx: RequestContext) => {
        const identity = readPurposeRef(args.ref, refScope(ctx));
        chargeLookups(ctx, 1);
        if (!identity) {
          ctx.audit.refuse('subject', ErrorCode.NOT_FOUND);
          return null;
        }
        const subject = await ctx.subjects.load(identityKey(identity));
        if (subject) ctx.audit.subject(subject.id);
        else ctx.audit.refuse('subject', ErrorCode.NOT_FOUND);
        return subject;
      },
      subjects: async (_: unknown, args: { refs: unknown[] }, ctx: RequestContext) => {
        if (args.refs.length > MAX_REFS) throw badInput(`refs: expected at most ${MAX_REFS} refs, got ${args.refs.length}`);
        const identities = args.refs.map((ref, i) => readPurposeRef(ref, { ...refScope(ctx), at: `refs[${i}]` }));
        chargeLookups(ctx, identities.length);
        const found = await ctx.subjects.loadMany(identities.filter((i): i is Identity => i !== null).map(identityKey));
        let next = 0;
        const subjects = identities.map((i) => (i === null ? null : found[next++]));
        const misses = subjects.filter((s) => s === null).length;
        if (misses > 0) ctx.audit.refuse(`subjects(${misses} of ${identities.length})`, ErrorCode.NOT_FOUND);
        return subjects.map((s) => {
          if (s instanceof Error) throw new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'subject resolution failed', { cause: s });
          if (s) ctx.audit.subject(s.id);
          return s;
        });
      },
    },
    DataSubject: {
      identities: (subject: ResolvedSubject, _: unknown, ctx: RequestContext) => visibleIdentities(subject, ctx),
      profile: (subject: ResolvedSubject, _: unknown, ctx: RequestContext) => {
        const records: SourceRecord[] = [];
        // A failing source leaves its part of the profile out rather than failing the profile.
        for (const c of connectors) {
          const r = subject.records.get(c.name);
          if (Array.isArray(r)) records.push(...(ctx.purpose.seesBlocked ? r : r.filter((x) => !x.restricted)));
        }
        const profile = profileOf(records);
        return profile && { ...profile, id: subject.id };
      },
      consents: (subject: ResolvedSubject) => subject.state?.consents ?? [],
      ...sourceFields,
    },
  };
}
