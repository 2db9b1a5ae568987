import type { IdentityType } from '../sources/Identity';

/** The data category of an identity value, by its type (schema: Identity.value @identifierValue). */
const CATEGORY: Record<IdentityType, string> = {
  EMAIL: 'contact.email',
  PHONE: 'contact.phone',
  CUSTOMER_ID: 'identity.customer_id',
};

export const identityCategory = (type: IdentityType): string => CATEGORY[type];
