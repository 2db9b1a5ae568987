import type { Identity } from '../sources/Identity';
import { identityKey } from '../sources/Identity';
import type { DsrRequestDoc } from './DsrRequestDoc';
import type { DsrDeps } from './resolveForDsr';

/** A source still holds records of the subject that its plan did not retain. */
export class VerificationError extends Error {}

/** A source could not be re-read now: nothing is known yet, either way. */
export class UnverifiedError extends Error {}

/** Per request: null when verified, or why not. */
export type Verification = null | VerificationError | UnverifiedError;

/**
 * The verify step, for a wave of erasures whose tasks are done: every source re-read by every
 * identity of every request's closure (every identity ever linked to the subject, not what is
 * left of it), one call per source for the wave. Any record still found that the request's plan
 * did not retain fails that request. A source that says "done" is not taken at its word.
 */
export async function verifyErasures(deps: DsrDeps, requests: ReadonlyArray<{ request: DsrRequestDoc; identities: readonly Identity[] }>): Promise<Verification[]> {
  const problems = requests.map(() => [] as string[]);
  const unreadable = requests.map(() => [] as string[]);
  await Promise.all(deps.connectors.map(async ({ name, queryableBy, inner }) => {
    const keysOf = requests.map((r) => r.identities.filter((i) => queryableBy.includes(i.type)));
    const keys = [...new Map(keysOf.flat().map((i) => [identityKey(i), i])).values()];
    if (keys.length === 0) return;
    const found = await inner.findByIdentities(keys, { includeRestricted: true }).catch((error: unknown) => keys.map(() => (error instanceof Error ? error : new Error('source read failed'))));
    const byKey = new Map(keys.map((k, i) => [identityKey(k), found[i]]));
    requests.forEach(({ request }, n) => {
      const retained = new Set(request.tasks.filter((t) => t.source === name).flatMap((t) => (t.plan?.retainedRecords ?? []).map((r) => r.id)));
      const left = new Set<string>();
      for (const key of keysOf[n] ?? []) {
        const records = byKey.get(identityKey(key));
        if (records === undefined || records instanceof Error) {
          unreadable[n]?.push(name);
          return;
        }
        for (const record of records) if (!retained.has(record.id)) left.add(record.id);
      }
      if (left.size > 0) problems[n]?.push(`source "${name}" still holds ${left.size} record(s) the plan did not retain`);
    });
  }));
  return requests.map((_, n) => {
    if ((problems[n] ?? []).length > 0) return new VerificationError(`verification failed: ${(problems[n] ?? []).join('; ')}`);
    if ((unreadable[n] ?? []).length > 0) return new UnverifiedError(`verification could not re-read ${[...new Set(unreadable[n])].sort().map((s) => `"${s}"`).join(', ')}`);
    return null;
  });
}
