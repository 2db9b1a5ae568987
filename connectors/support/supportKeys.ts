import type { Identity } from '../../src/sources/Identity';
import { normalizeIdentity } from '../../src/sources/Identity';

/** A subject's identifiers as the helpdesk stores them on tickets: canonical, deduplicated. */
export interface SupportKeys {
  readonly emails: readonly string[];
  readonly phones: readonly string[];
}

/**
 * The emails and phones among `identities`. Other types (customer ids) are not held here and
 * malformed values cannot match a canonical stored value, so both are left out.
 */
export function supportKeys(identities: readonly Identity[]): SupportKeys {
  if (!Array.isArray(identities)) throw new TypeError(`expected identities to be an array, got ${typeof identities}`);
  const emails = new Set<string>();
  const phones = new Set<string>();
  for (const identity of identities) {
    if (identity?.type !== 'EMAIL' && identity?.type !== 'PHONE') continue;
    const canonical = normalizeIdentity(identity.type, identity.value);
    if (canonical instanceof Error) continue;
    (canonical.type === 'EMAIL' ? emails : phones).add(canonical.value);
  }
  return { emails: [...emails], phones: [...phones] };
}

export const hasSupportKeys = (keys: SupportKeys): boolean => keys.emails.length > 0 || keys.phones.length > 0;
