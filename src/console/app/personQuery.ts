import type { ConsoleContext } from './ConsoleContext';

/** The DataSubject fields the console shows that other parts of the gateway may add: asked for only when the schema has them. */
export const OPTIONAL_PANELS = [
  { field: 'objections', title: 'Objections' },
  { field: 'disclosures', title: 'Disclosures' },
] as const;

/** Everything about one person: the core, every declared collection (from the data map), and the optional panels. */
export function personQuery(ctx: ConsoleContext): string {
  const s = ctx.schema;
  const collections = ctx.dataMap.sources.flatMap((src) => src.collections).filter((c) => s.hasField('DataSubject', c.field));
  const optional = OPTIONAL_PANELS.filter((p) => s.hasField('DataSubject', p.field)).map((p) => {
    const type = s.fieldType('DataSubject', p.field);
    return type ? `${p.field} ${s.selection(type, 1)}` : '';
  });
  return `query ConsolePerson($ref: SubjectRef!) {
  subject(ref: $ref) {
    id status
    identities { type value }
    profile ${s.selection('Profile', 0)}
    consents { purpose status policyVersion grantedAt withdrawnAt evidence }
    ${collections.map((c) => `${c.field} ${s.selection(c.type, 2)}`).join('\n    ')}
    ${optional.join('\n    ')}
  }
}`;
}

export const PERSON_HISTORY = `query ConsolePersonHistory($ref: SubjectRef!) {
  dsrRequests(subject: $ref, first: 20) { edges { node { id type status createdAt dueAt completedAt overdue reason } } }
  auditEvents(subject: $ref, first: 20) { edges { node { seq at client purpose operation categories denied outcome } } }
}`;
