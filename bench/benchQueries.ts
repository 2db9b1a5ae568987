/**
 * The enforcement queries. The "on" side declares customer_support as a support_agent: a purpose
 * with real rules (per-subject blocked/consent gates on every source field, FORBIDDEN categories
 * elsewhere, audit of every access). The selection is every field that purpose may read, so both
 * sides return byte-identical data and the comparison is cost for cost: profile without address
 * (contact.address), no payments (payment.*), no order ip/device (technical.*), no `identities`
 * (the customer id would be filtered out on one side only), no consent evidence.
 */
export const ON_SIDE = { roles: ['support_agent'], purpose: 'customer_support' } as const;

const SUBJECT_FIELDS = `
  id status
  profile { name email phone }
  orders { id source createdAt total items { sku name quantity price } }
  supportMessages { id source ticketId createdAt author body }`;

export const SUBJECT_QUERY = `query Subject($ref: SubjectRef!) { subject(ref: $ref) { ${SUBJECT_FIELDS} } }`;
export const SUBJECTS_QUERY = `query Subjects($refs: [SubjectRef!]!) { subjects(refs: $refs) { ${SUBJECT_FIELDS} } }`;

/** For counting calls at the sources: one id per source record, as the privacy office asks. */
export const SOURCE_IDS_QUERY = 'query Ids($refs: [SubjectRef!]!) { subjects(refs: $refs) { id orders { id } payments { id } supportMessages { id } } }';

/** Every field of one subject (the fan-out measurement). */
export const FULL_SUBJECT_QUERY = `query Full($ref: SubjectRef!) {
  subject(ref: $ref) {
    id status identities { type value }
    profile { name email phone address }
    orders { id source createdAt total items { sku quantity } ip device }
    payments { id source createdAt amount currency status cardLast4 }
    supportMessages { id source ticketId createdAt author body }
  }
}`;

export const emailRef = (n: number) => ({ email: `user${n}@demo.example` });
