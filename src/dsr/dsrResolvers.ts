import type { IResolvers } from '@graphql-tools/utils';
import { canonicalJson } from '../audit/AuditEvent';
import type { RequestContext } from '../context';
import { ErrorCode, GatewayError, badInput } from '../errors';
import { isPrivacyOfficer } from '../policy/isPrivacyOfficer';
import { identityKey } from '../sources/Identity';
import { connection, pageSize } from '../resolvers/connection';
import { readIdentityRef } from '../input/readIdentityRef';
import { readPurposeRef } from '../input/readPurposeRef';
import { readText } from '../input/readText';
import { refScope } from '../resolvers/subjectResolvers';
import { changeConsent } from './changeConsent';
import type { DsrRequestDoc, DsrStatus, DsrType, ErasureCertificateDoc } from './DsrRequestDoc';
import type { EraseInput } from './DsrService';

type ConsentArgs = { ref: unknown; purpose: unknown; evidence?: unknown; idempotencyKey?: unknown };

const encode = (r: DsrRequestDoc) => Buffer.from(`${r.createdAt}|${r._id}`).toString('base64url');
function decode(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || !/^dsr_[0-9a-f-]{36}$/.test(id) || Number.isNaN(Date.parse(createdAt))) throw badInput('after: expected a cursor from a previous page');
  return { createdAt, id };
}

/** Every mutation touches a subject's personal data: it is audited with the subject's id. */
function audited(ctx: RequestContext, doc: { subjectId: string | null }): void {
  ctx.audit.touched = true;
  if (doc.subjectId) ctx.audit.subject(doc.subjectId);
}

async function run<T extends { subjectId: string | null }>(ctx: RequestContext, work: Promise<T>): Promise<T> {
  const doc = await work;
  audited(ctx, doc);
  return doc;
}

export const dsrResolvers: IResolvers<unknown, RequestContext> = {
  Query: {
    dsrRequest: async (_: unknown, args: { id: string }, ctx: RequestContext) => {
      const doc = await ctx.services.dsr.ledger.get(readText(args.id, { at: 'id', max: 128, required: true }) as string);
      if (doc) audited(ctx, doc);
      return doc;
    },
    dsrRequests: async (_: unknown, args: { subject?: unknown; type?: DsrType; status?: DsrStatus; overdue?: boolean; first?: number; after?: string }, ctx: RequestContext) => {
      const first = pageSize(args.first);
      const after = args.after ? decode(args.after) : null;
      const identity = args.subject ? readPurposeRef(args.subject, { ...refScope(ctx), at: 'subject' }) : undefined;
      if (identity === null) return connection([], encode, false); // a pseudonym: nobody under this purpose
      const identityHashes = identity ? [ctx.services.pseudonymizer.identityHash(identity)] : undefined;
      ctx.audit.touched = true;
      const page = await ctx.services.dsr.ledger.list({ identityHashes, type: args.type, status: args.status, overdueAt: args.overdue ? new Date().toISOString() : undefined, first, after });
      for (const r of page.requests) if (r.subjectId) ctx.audit.subject(r.subjectId);
      return connection(page.requests, encode, page.hasNextPage);
    },
  },
  Mutation: {
    exportSubject: (_: unknown, args: { input: { ref: unknown; format?: unknown; receivedAt?: unknown; idempotencyKey?: unknown } }, ctx: RequestContext) => run(ctx, ctx.services.dsr.requests.export(args.input, ctx.caller)),
    blockSubject: (_: unknown, args: { input: { ref: unknown; reason: unknown; receivedAt?: unknown; idempotencyKey?: unknown } }, ctx: RequestContext) => run(ctx, ctx.services.dsr.requests.block(args.input, ctx.caller, false)),
    unblockSubject: (_: unknown, args: { input: { ref: unknown; reason: unknown; receivedAt?: unknown; idempotencyKey?: unknown } }, ctx: RequestContext) => run(ctx, ctx.services.dsr.requests.block(args.input, ctx.caller, true)),
    eraseSubject: (_: unknown, args: { input: EraseInput }, ctx: RequestContext) => run(ctx, ctx.services.dsr.requests.erase(args.input, ctx.caller)),
    eraseSubjects: async (_: unknown, args: { inputs: EraseInput[] }, ctx: RequestContext) => {
      const docs = await ctx.services.dsr.requests.eraseMany(args.inputs, ctx.caller);
      docs.forEach((d) => audited(ctx, d));
      return docs;
    },
    rectifySubject: (_: unknown, args: { input: { ref: unknown; changes: unknown; reason?: unknown; receivedAt?: unknown; idempotencyKey?: unknown } }, ctx: RequestContext) => run(ctx, ctx.services.dsr.requests.rectify(args.input, ctx.caller)),
    retryDsrRequest: (_: unknown, args: { id: unknown }, ctx: RequestContext) => run(ctx, ctx.services.dsr.requests.retry(args)),
    extendDsrDeadline: (_: unknown, args: { input: { id: unknown; reason: unknown; idempotencyKey?: unknown } }, ctx: RequestContext) => run(ctx, ctx.services.dsr.requests.extendDeadline(args.input, ctx.caller)),
    grantConsent: (_: unknown, args: { input: ConsentArgs }, ctx: RequestContext) =>
      run(ctx, changeConsent({ deps: ctx.services, identity: readIdentityRef(args.input.ref, 'input.ref'), purpose: args.input.purpose, evidence: args.input.evidence, grant: true, now: new Date(), idempotencyKey: args.input.idempotencyKey, caller: ctx.caller })),
    withdrawConsent: (_: unknown, args: { input: ConsentArgs }, ctx: RequestContext) =>
      run(ctx, changeConsent({ deps: ctx.services, identity: readIdentityRef(args.input.ref, 'input.ref'), purpose: args.input.purpose, evidence: args.input.evidence, grant: false, now: new Date(), idempotencyKey: args.input.idempotencyKey, caller: ctx.caller })),
  },
  ErasureCertificate: {
    canonicalJson: ({ sha256: _sha256, ...body }: ErasureCertificateDoc) => canonicalJson(body),
  },
  DsrRequest: {
    id: (r: DsrRequestDoc) => r._id,
    receivedAt: (r: DsrRequestDoc) => r.receivedAt ?? r.createdAt,
    overdue: (r: DsrRequestDoc) => (r.status === 'PENDING' || r.status === 'IN_PROGRESS') && r.dueAt < new Date().toISOString(),
    // A queue row → its person: the request's own identities, resolved under the caller's purpose (its rules apply to every field below).
    subject: async (r: DsrRequestDoc, _: unknown, ctx: RequestContext) => {
      if (!isPrivacyOfficer(ctx.services.policy, ctx.caller)) throw new GatewayError(ErrorCode.FORBIDDEN, "DsrRequest.subject is the privacy officer's: not allowed for the caller's roles");
      const first = r.status === 'COMPLETED' ? undefined : r.identities?.[0];
      if (!first) return null;
      const subject = await ctx.subjects.load(identityKey(first));
      if (subject) ctx.audit.subject(subject.id);
      return subject;
    },
    export: (r: DsrRequestDoc) => (r.export && r.status === 'COMPLETED' ? { downloadUrl: `/exports/${r._id}`, sha256: r.export.sha256, bytes: r.export.bytes } : null),
  },
};
