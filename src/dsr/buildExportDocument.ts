import type { DataMap } from '../policy/buildDataMap';
import type { LegalHoldRule, PolicyNotices } from '../policy/Policy';
import type { SourceRecord } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import type { ConsentDoc } from '../subjects/SubjectState';

export const EXPORT_FORMAT = 'privacy-gateway/export@1';

export interface ExportSource {
  readonly name: string;
  readonly kind: string | null;
  readonly embedded: boolean | null;
}

export interface ExportHeadInput {
  readonly requestId: string;
  readonly generatedAt: Date;
  readonly subjectId: string | null;
  readonly identities: readonly Identity[];
  readonly dataMap: DataMap;
  readonly sources: readonly ExportSource[];
  readonly holds: readonly LegalHoldRule[];
  readonly notices: PolicyNotices | null;
  readonly consents: readonly ConsentDoc[];
  /** Objections (GDPR art. 21) where the state records them; empty otherwise. */
  readonly objections: readonly unknown[];
}

/**
 * Everything of the subject's copy but the records (GDPR art. 15(1)–(3); 152-FZ art. 14(7)): the
 * confirmation and the controller, purposes with their legal bases, categories, recipients by name,
 * retention per category, the source of the data, transfers and automated decisions, consents and
 * objections, the person's rights and the supervisory authorities. Pure; writeExport streams the
 * records after it, each through `exportRecord`.
 */
export function buildExportHead(input: ExportHeadInput): Record<string, unknown> {
  const { dataMap: map, notices } = input;
  const held = new Set(map.sources.flatMap((s) => s.categories));
  const recipients = new Map<string, string[]>();
  for (const s of map.sources) for (const r of s.recipients) recipients.set(r, [...(recipients.get(r) ?? []), s.name]);
  return {
    format: EXPORT_FORMAT,
    requestId: input.requestId,
    generatedAt: input.generatedAt.toISOString(),
    confirmation: `Personal data of this subject is processed by ${notices?.controller.name ?? 'the controller'}: every record below, from every system that holds any.`,
    subject: { id: input.subjectId, identities: input.identities },
    controller: notices?.controller ?? null,
    processing: {
      controller: notices?.controller.name ?? 'the store (see privacy policy)',
      policyVersion: map.policyVersion,
      methods: notices?.processingMethods ?? null,
      crossBorderTransfer: notices?.crossBorderTransfer ?? null,
      automatedDecisions: notices?.automatedDecisions ?? null,
      securityMeasures: notices?.securityMeasures ?? null,
      purposes: map.purposes.map(({ id, description, basis, categories }) => ({ id, description, basis, categories })),
      sources: map.sources.map(({ name, system, categories, recipients: to, retention }) => {
        const source = input.sources.find((s) => s.name === name);
        const custody = source?.embedded === undefined || source.embedded === null ? null : source.embedded ? 'EMBEDDED' : 'OPERATOR_MANAGED';
        return { name, system, kind: source?.kind ?? null, custody, categories, recipients: to, retention };
      }),
    },
    recipients: [...recipients].map(([name, sources]) => ({ name, sources })),
    retention: map.categories.filter((c) => held.has(c.name)).map((c) => ({ category: c.name, description: c.description, period: c.retention, holds: input.holds.filter((h) => h.categories.some((g) => c.name === g || c.name.startsWith(`${g}.`))).map((h) => ({ name: h.name, years: h.years, basis: h.basis })) })),
    consents: input.consents.map((c) => ({ purpose: c.purpose, status: c.status, grantedAt: c.grantedAt, withdrawnAt: c.withdrawnAt, policyVersion: c.policyVersion, evidence: c.evidence, history: c.history })),
    objections: [...input.objections],
    rights: notices?.rights ?? [],
    supervisoryAuthorities: notices?.supervisoryAuthorities ?? [],
  };
}

/** One record of the copy: its source and collection, and, for a record kept under a legal hold, the hold and until when. */
export function exportRecord(record: SourceRecord, hold: { hold: string; until: string; basis: string | null } | null): Record<string, unknown> {
  return {
    source: record.source,
    collection: record.collection,
    id: record.id,
    createdAt: record.createdAt,
    restricted: record.restricted,
    ...record.fields,
    profile: record.profile ?? undefined,
    held: hold ? { hold: hold.hold, until: hold.until, basis: hold.basis } : undefined,
  };
}
