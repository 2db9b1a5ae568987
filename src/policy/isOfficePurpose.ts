import type { Purpose } from './Policy';

/**
 * A privacy office purpose: it sees every category and blocked subjects too. Only such a purpose
 * reads the office's root fields (requests, audit, retention, disclosures) and may ask `myAccess`
 * about another purpose.
 */
export const isOfficePurpose = (purpose: Purpose): boolean => purpose.seesBlocked && purpose.grants.includes('*');
