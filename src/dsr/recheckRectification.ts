import { ErrorCode, GatewayError } from '../errors';
import type { Identity } from '../sources/Identity';
import { identityKey } from '../sources/Identity';
import { assertIdentitiesFree, identitiesOfChanges } from './assertIdentitiesFree';
import type { DsrRequestDoc, DsrTaskDoc } from './DsrRequestDoc';
import type { DsrDeps } from './resolveForDsr';

/**
 * CONFLICT again, right before a rectification writes: acceptance checked, but another
 * rectification may have given the same email or phone to someone else since. Each new value is
 * claimed for the subject in the state (IdentityClaims: one subject per value, whatever the
 * instances), then the sources and the registry are asked again, as at acceptance — unless a task
 * already wrote, for then the sources hold this request's own values. Returns why the request is
 * refused (CONFLICT), or null: go ahead. A source that cannot be asked rejects
 * (SourceUnavailableError): the request waits rather than risks it.
 */
export async function recheckRectification(options: { deps: DsrDeps; request: DsrRequestDoc; tasks: readonly DsrTaskDoc[]; identities: readonly Identity[]; now: Date }): Promise<string | null> {
  const { deps, request } = options;
  const changes = request.payload.changes ?? {};
  const own = new Set(options.identities.map(identityKey));
  const fresh = identitiesOfChanges(changes).filter(({ identity }) => !own.has(identityKey(identity)));
  if (fresh.length === 0 || !request.subjectId) return null;
  const subjectId = request.subjectId;
  const taken = new Set(await deps.state.identityClaims.claim({ subjectId, requestId: request._id, hashes: fresh.map((f) => deps.pseudonymizer.identityHash(f.identity)), at: options.now.toISOString() }));
  const lost = fresh.find((f) => taken.has(deps.pseudonymizer.identityHash(f.identity)));
  if (lost) return `CONFLICT: changes.${lost.field}: another subject was given this value first; nothing was written`;
  if (options.tasks.some((t) => t.attempts > 0)) return null;
  try {
    await assertIdentitiesFree(deps, { id: subjectId, identities: options.identities }, changes);
    return null;
  } catch (error) {
    if (!(error instanceof GatewayError && error.code === ErrorCode.CONFLICT)) throw error;
    await deps.state.identityClaims.release(request._id);
    return `CONFLICT: ${error.message}; nothing was written`;
  }
}
