import { ErrorCode, GatewayError, SourceUnavailableError } from '../errors';
import type { Profile } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import { identityKey } from '../sources/Identity';
import { IDENTITY_FACTS, type IdentityTypeName } from '../subjects/subjectFacts';
import type { ResolvedSubject } from '../subjects/resolveSubjects';
import type { DsrDeps } from './resolveForDsr';

/** The identities a rectification would give the subject (canonical: `readChanges` made them so), by the field that names each. */
export function identitiesOfChanges(changes: Profile): Array<{ field: keyof Profile; identity: Identity }> {
  return (Object.keys(IDENTITY_FACTS) as IdentityTypeName[]).flatMap((type) => {
    const field = IDENTITY_FACTS[type].profile;
    const value = field === null ? undefined : changes[field];
    return field !== null && typeof value === 'string' ? [{ field, identity: { type, value } }] : [];
  });
}

/**
 * Rectification must never merge two people. A new email or phone that any source holds (the
 * subject's own records would have revealed it already: every record a source finds by an
 * identity reveals that identity, so one found is somebody else's) or that the subject registry
 * knows under another subject is CONFLICT, before anything is written. A source that cannot be
 * asked leaves the question open: the change is refused as SOURCE_UNAVAILABLE rather than risked.
 */
export async function assertIdentitiesFree(deps: DsrDeps, subject: Pick<ResolvedSubject, 'id' | 'identities'>, changes: Profile): Promise<void> {
  const own = new Set(subject.identities.map(identityKey));
  const fresh = identitiesOfChanges(changes).filter(({ identity }) => !own.has(identityKey(identity)));
  if (fresh.length === 0) return;
  const conflict = (field: keyof Profile) => new GatewayError(ErrorCode.CONFLICT, `changes.${field}: expected a value no other subject holds, got one that belongs to another subject`, { extensions: { field: `changes.${field}` } });
  const registered = await deps.registry.findByIdentities(fresh.map((f) => f.identity));
  for (const { field, identity } of fresh) {
    const hash = deps.pseudonymizer.identityHash(identity);
    if (registered.some((s) => s._id !== subject.id && s.identityHashes.includes(hash))) throw conflict(field);
  }
  for (const connector of deps.connectors) {
    const asked = fresh.filter(({ identity }) => connector.queryableBy.includes(identity.type));
    if (asked.length === 0) continue;
    const found = await connector.inner.findByIdentities(asked.map((f) => f.identity), { includeRestricted: true }).catch((error: unknown) => asked.map(() => (error instanceof Error ? error : new Error(String(error)))));
    found.forEach((records, i) => {
      if (records instanceof Error) throw new SourceUnavailableError(connector.name, records);
      if (records.length > 0) throw conflict((asked[i] as (typeof asked)[number]).field);
    });
  }
}
