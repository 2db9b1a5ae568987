import type { SchemaInfo } from './schemaInfo';

/** A SubjectRef the console can send: one identity to find the person by. */
export type SubjectRefInput = Readonly<Partial<Record<'email' | 'phone' | 'customerId' | 'pseudonym', string>>>;

/** The SubjectRef field each identity type fills (src/subjects/subjectFacts.ts), in the order the console prefers them. */
const REF_OF_IDENTITY: ReadonlyArray<readonly [string, keyof SubjectRefInput]> = [
  ['EMAIL', 'email'],
  ['PHONE', 'phone'],
  ['CUSTOMER_ID', 'customerId'],
];
const REF_FIELDS = ['email', 'phone', 'customerId', 'pseudonym'] as const;
const HANDLE_FIELDS = ['subject', 'subjectRef'] as const;

/**
 * How a request leads to its subject, when the gateway offers it (an office-only field on
 * DsrRequest that another part adds): a `DataSubject` read for its identities, or a ref-shaped
 * object. The selection to add to the request's fields, or null when the schema has neither.
 */
export function subjectHandleSelection(schema: SchemaInfo): string | null {
  for (const field of HANDLE_FIELDS) {
    const type = schema.fieldType('DsrRequest', field);
    if (!type) continue;
    if (schema.hasField(type, 'identities')) return `${field} { identities { type value } }`;
    const refs = REF_FIELDS.filter((f) => schema.hasField(type, f));
    if (refs.length > 0) return `${field} { ${refs.join(' ')} }`;
  }
  return null;
}

interface Handle {
  readonly identities?: ReadonlyArray<{ type: string; value: string | null }> | null;
  readonly [ref: string]: unknown;
}

/** The ref to open a request's subject with, from what `subjectHandleSelection` asked; null when it gave nothing usable. */
export function subjectRefOf(request: { subject?: Handle | null; subjectRef?: Handle | null }): SubjectRefInput | null {
  const handle = request.subject ?? request.subjectRef ?? null;
  if (!handle) return null;
  for (const [type, ref] of REF_OF_IDENTITY) {
    const value = handle.identities?.find((i) => i.type === type && i.value)?.value;
    if (value) return { [ref]: value };
  }
  for (const ref of REF_FIELDS) {
    const value = handle[ref];
    if (typeof value === 'string' && value) return { [ref]: value };
  }
  return null;
}
