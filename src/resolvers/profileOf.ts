import type { Profile, SourceRecord } from '../sources/Connector';
import { PROFILE_FACTS } from '../subjects/subjectFacts';

const FIELDS = Object.keys(PROFILE_FACTS) as Array<keyof typeof PROFILE_FACTS>;

/** The subject's profile: for each field, the value from the newest record that holds one. */
export function profileOf(records: Iterable<SourceRecord>): Profile | null {
  const withProfile = [...records].filter((r) => r.profile).sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  if (withProfile.length === 0) return null;
  const profile: Record<string, string | null> = {};
  for (const field of FIELDS) {
    profile[field] = withProfile.map((r) => r.profile?.[field]).find((v) => v !== null && v !== undefined && v !== '') ?? null;
  }
  return profile;
}
