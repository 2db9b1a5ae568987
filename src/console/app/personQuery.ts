import type { ConsoleContext } from './ConsoleContext';

/** Everything about one person: the core, every declared collection (from the data map), and objections when the schema has them. */
export function personQuery(ctx: ConsoleContext): string {
  const s = ctx.schema;
  const collections = ctx.dataMap.sources.flatMap((src) => src.collections).filter((c) => s.hasField('DataSubject', c.field));
  return `query ConsolePerson($ref: SubjectRef!) {
  subject(ref: $ref) {
    id status
    identities { type value }
    profile ${s.selection('Profile', 0)}
    consents { purpose status policyVersion grantedAt withdrawnAt evidence }
    ${s.hasField('DataSubject', 'objections') ? 'objections { purpose status objectedAt withdrawnAt }' : ''}
    ${collections.map((c) => `${c.field} ${s.selection(c.type, 2)}`).join('\n    ')}
  }
}`;
}

/** What the office knows around the person: their requests, the audit trail, and (when the schema has it) disclosures to recipients. */
export function personHistoryQuery(ctx: ConsoleContext): string {
  return `query ConsolePersonHistory($ref: SubjectRef!) {
  dsrRequests(subject: $ref, first: 20) { edges { node { id type status createdAt dueAt completedAt overdue reason } } }
  auditEvents(subject: $ref, first: 20) { edges { node { seq at client purpose operation categories denied outcome } } }
  ${ctx.schema.hasQuery('disclosures') ? 'disclosures(subject: $ref, first: 50) { recipient recipientName basis purpose categories at requestId }' : ''}
}`;
}
