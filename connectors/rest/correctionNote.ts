import type { Profile } from '../../src/sources/Connector';

const PROFILE_KEYS: ReadonlyArray<keyof Profile> = ['name', 'email', 'phone', 'address'];

/**
 * The note an `annotate` endpoint records on a record that cannot be changed, for a
 * rectification: the corrected fields by name only — the corrected values are personal data the
 * system has no need to hold. Null when the changes name no profile field (nothing to note).
 */
export function correctionNote(changes: Profile): string | null {
  const fields = PROFILE_KEYS.filter((k) => changes[k] !== undefined);
  if (fields.length === 0) return null;
  return `Data-subject rectification: ${fields.join(', ')} corrected. This record cannot be changed and is kept as made.`;
}
