import type { IdentityType } from '../sources/Identity';
import { IDENTITY_FACTS } from '../subjects/subjectFacts';

/** The data category of an identity value, by its type (schema: Identity.value @identifierValue). */
export const identityCategory = (type: IdentityType): string => IDENTITY_FACTS[type].category;
