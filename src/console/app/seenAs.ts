import type { ConsoleContext, DataMapPurpose } from './ConsoleContext';

/** Why a value is not shown to a purpose: a contract error code, or the pseudonym a depersonalized purpose gets. */
export type Withheld = 'FORBIDDEN' | 'CONSENT_REQUIRED' | 'SUBJECT_BLOCKED' | 'PSEUDONYM' | string;

/** What a purpose would get of one field: shown, or withheld and why. */
export type Mask = (category: string | null) => Withheld | null;

/**
 * What the data map says a purpose gets, for a purpose the officer may not declare (the console
 * never calls the API with a purpose the token cannot declare): the same purposes, categories,
 * consent and blocking rules the gateway enforces, applied to what the officer's purpose read.
 */
export function maskFor(options: { ctx: ConsoleContext; purpose: DataMapPurpose; subject: { status: string; consents?: Array<{ purpose: string; status: string }> | null } }): Mask {
  const { ctx, purpose, subject } = options;
  const identifiers = new Set(ctx.dataMap.categories.filter((c) => c.identifier).map((c) => c.name));
  const allowed = new Set(purpose.categories);
  const consented = (subject.consents ?? []).some((c) => c.purpose === purpose.id && c.status === 'ACTIVE');
  return (category) => {
    if (category === null) return null;
    if (subject.status === 'BLOCKED' && !purpose.seesBlocked) return 'SUBJECT_BLOCKED';
    if (purpose.requiresConsent && !consented) return 'CONSENT_REQUIRED';
    if (purpose.depersonalized && identifiers.has(category)) return 'PSEUDONYM';
    return allowed.has(category) ? null : 'FORBIDDEN';
  };
}
