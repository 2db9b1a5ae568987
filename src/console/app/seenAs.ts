import { graphqlData } from './api';
import type { ConsoleContext, DataMapPurpose } from './ConsoleContext';

/** Why a value is not shown to a purpose: a contract error code, or the pseudonym a depersonalized purpose gets. */
export type Withheld = 'FORBIDDEN' | 'CONSENT_REQUIRED' | 'SUBJECT_BLOCKED' | 'OBJECTED' | 'PSEUDONYM' | string;

/** What a purpose would get of one field: shown, or withheld and why. */
export type Mask = (category: string | null) => Withheld | null;

/** The subject as the officer read it: what the per-subject gates (blocked, consent, objection) look at. */
export interface GatedSubject {
  readonly status: string;
  readonly consents?: ReadonlyArray<{ purpose: string; status: string }> | null;
  readonly objections?: ReadonlyArray<{ purpose: string; status: string }> | null;
}

/** `myAccess(purpose:)` as the console reads it: the purpose's gates and each category's access level. */
export interface PurposeAccess {
  readonly purpose: { id: string; requiresConsent: boolean; seesBlocked: boolean; depersonalized: boolean };
  readonly categories: ReadonlyArray<{ category: string; access: 'READ' | 'PSEUDONYM' | 'FORBIDDEN' }>;
}

const ACCESS_OF = `query ConsoleSeenAs($purpose: String!) {
  myAccess(purpose: $purpose) { purpose { id requiresConsent seesBlocked depersonalized } categories { category access } }
}`;

/**
 * What a purpose the officer may not declare would get (the console never calls the API with a
 * purpose the token cannot declare): the gateway's own answer from `myAccess(purpose:)` when the
 * schema offers it, else the data map's rules. Null: nothing to go on.
 */
export async function seenAsMask(options: { ctx: ConsoleContext; purposeId: string; subject: GatedSubject }): Promise<{ mask: Mask; from: 'myAccess' | 'dataMap' } | null> {
  const { ctx, purposeId, subject } = options;
  if (ctx.schema.hasArgument('Query', 'myAccess', 'purpose')) {
    const { myAccess } = await graphqlData<{ myAccess: PurposeAccess }>({ credentials: ctx.credentials(), query: ACCESS_OF, variables: { purpose: purposeId } });
    return { mask: maskFromAccess({ access: myAccess, subject }), from: 'myAccess' };
  }
  const purpose = ctx.dataMap.purposes.find((p) => p.id === purposeId);
  return purpose ? { mask: maskFor({ ctx, purpose, subject }), from: 'dataMap' } : null;
}

/**
 * The per-subject gates in the gateway's order (src/policy/gateSubject.ts): not active, then an
 * objection, then a missing consent. A purpose's parents are not seen here: the console reads
 * objections and consents to this purpose only.
 */
function gate(purpose: { id: string; seesBlocked: boolean; requiresConsent: boolean }, subject: GatedSubject): Withheld | null {
  if (subject.status !== 'ACTIVE' && !purpose.seesBlocked) return 'SUBJECT_BLOCKED';
  if ((subject.objections ?? []).some((o) => o.purpose === purpose.id && o.status === 'ACTIVE')) return 'OBJECTED';
  if (purpose.requiresConsent && !(subject.consents ?? []).some((c) => c.purpose === purpose.id && c.status === 'ACTIVE')) return 'CONSENT_REQUIRED';
  return null;
}

/** A mask from the gateway's access levels: a category it does not list is FORBIDDEN (deny by default). */
export function maskFromAccess(options: { access: PurposeAccess; subject: GatedSubject }): Mask {
  const levels = new Map(options.access.categories.map((c) => [c.category, c.access]));
  const gated = gate(options.access.purpose, options.subject);
  return (category) => {
    if (category === null) return null;
    if (gated) return gated;
    const level = levels.get(category) ?? 'FORBIDDEN';
    return level === 'READ' ? null : level;
  };
}

/**
 * The data map's rules for a purpose, for a gateway without `myAccess(purpose:)`: the same
 * purposes, categories, consent and blocking rules the gateway enforces.
 */
export function maskFor(options: { ctx: ConsoleContext; purpose: DataMapPurpose; subject: GatedSubject }): Mask {
  const { ctx, purpose, subject } = options;
  const identifiers = new Set(ctx.dataMap.categories.filter((c) => c.identifier).map((c) => c.name));
  const allowed = new Set(purpose.categories);
  const gated = gate(purpose, subject);
  return (category) => {
    if (category === null) return null;
    if (gated) return gated;
    if (purpose.depersonalized && identifiers.has(category)) return 'PSEUDONYM';
    return allowed.has(category) ? null : 'FORBIDDEN';
  };
}
