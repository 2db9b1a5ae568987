/**
 * The one table of the subject core's facts (CONTRACT.md §5): each identity type with the
 * `SubjectRef` field that names it, its data category, the profile field it fills and its
 * Fides identity name; each profile field with its category. Everything else reads these.
 */
export const IDENTITY_FACTS = {
  EMAIL: { ref: 'email', category: 'contact.email', profile: 'email', fides: 'email' },
  PHONE: { ref: 'phone', category: 'contact.phone', profile: 'phone', fides: 'phone_number' },
  CUSTOMER_ID: { ref: 'customerId', category: 'identity.customer_id', profile: null, fides: null },
} as const;

export const PROFILE_FACTS = {
  name: { category: 'identity.name' },
  email: { category: 'contact.email' },
  phone: { category: 'contact.phone' },
  address: { category: 'contact.address' },
} as const;

export type IdentityTypeName = keyof typeof IDENTITY_FACTS;
export type ProfileField = keyof typeof PROFILE_FACTS;

/** The identity type a profile field holds (email → EMAIL), or undefined (name, address). */
export const identityTypeOfProfileField = (field: string): IdentityTypeName | undefined =>
  (Object.keys(IDENTITY_FACTS) as IdentityTypeName[]).find((type) => IDENTITY_FACTS[type].profile === field);
