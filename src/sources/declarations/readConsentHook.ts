import type { Policy } from '../../policy/Policy';
import type { IdentityType } from '../Identity';
import { IDENTITY_TYPES } from '../Identity';
import { readMap, readText } from './compileCollection';
import { DeclarationError, describe } from './DeclarationError';
import type { ConsentHook } from './SourceDeclaration';

/**
 * `onConsentChange: { url, reference, purposes }` of a source: where the system that acts on a
 * consent (a mailer that must stop) hears of each grant and withdrawal. `url` is expanded from the
 * environment like the source's own (unset: the change is due with no channel); `purposes`, the
 * consent purposes it acts on (default every purpose that requires consent); `reference`, the
 * identity it knows the subject by (default the first its collections are found by).
 */
export function readConsentHook(raw: unknown, ctx: { file: string; at: string; policy: Policy }): ConsentHook {
  const key = `${ctx.at}.onConsentChange`;
  const spec = readMap(raw, ctx, key);
  const unknown = Object.keys(spec).find((k) => !['url', 'reference', 'purposes'].includes(k));
  if (unknown) throw new DeclarationError(ctx.file, `${key}.${unknown}`, 'one of the keys url, reference, purposes', 'an unknown key');
  const reference = spec.reference === undefined ? null : readText(spec.reference, ctx, `${key}.reference`);
  if (reference !== null && !(IDENTITY_TYPES as readonly string[]).includes(reference)) throw new DeclarationError(ctx.file, `${key}.reference`, `one of ${IDENTITY_TYPES.join(', ')}`, describe(reference));
  let purposes: string[] | null = null;
  if (spec.purposes !== undefined) {
    if (!Array.isArray(spec.purposes)) throw new DeclarationError(ctx.file, `${key}.purposes`, 'a list of purposes that require consent', describe(spec.purposes));
    purposes = spec.purposes.map((p, i) => {
      const id = readText(p, ctx, `${key}.purposes[${i}]`);
      const purpose = ctx.policy.purposes.get(id);
      if (!purpose || !(purpose.requiresConsent || purpose.basis === 'consent')) throw new DeclarationError(ctx.file, `${key}.purposes[${i}]`, 'a purpose of the policy that requires consent', describe(id));
      return id;
    });
  }
  return { url: spec.url === undefined ? null : readText(spec.url, ctx, `${key}.url`), reference: reference as IdentityType | null, purposes };
}
