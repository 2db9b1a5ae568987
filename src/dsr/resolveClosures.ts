import type { Identity } from '../sources/Identity';
import { identityKey } from '../sources/Identity';
import type { DsrRequestDoc } from './DsrRequestDoc';
import type { DsrDeps } from './resolveForDsr';
import { resolveForDsr } from './resolveForDsr';

/** A request's identity closure as the plan step leaves it. */
export interface ClosureState {
  readonly identities: Identity[];
  /** Every source answered: no identity can be hidden behind one that did not. */
  readonly complete: boolean;
  /** The sources that did not answer (when not complete). */
  readonly missing: string[];
  /** Differs from what the ledger holds: to be recorded. */
  readonly changed: boolean;
}

/**
 * The plan step: every identity ever linked to each request's subject. A request whose closure
 * was complete once keeps it (sealed in the ledger); the others are resolved again, from every
 * identity they hold, all together (one call per source per round), and keep what they knew.
 * Nothing is acted on with an incomplete closure: erasing the orders first would destroy the
 * only link from an email to the processor's customer id while the processor was down.
 */
export async function resolveClosures(deps: DsrDeps, requests: readonly DsrRequestDoc[]): Promise<Map<string, ClosureState>> {
  const out = new Map<string, ClosureState>();
  const open: DsrRequestDoc[] = [];
  for (const r of requests) {
    const recorded = r.identities ?? [];
    if (r.identitiesComplete || recorded.length === 0 || r.type === 'UNBLOCK') out.set(r._id, { identities: recorded, complete: true, missing: [], changed: false });
    else open.push(r);
  }
  if (open.length === 0) return out;
  const refs = open.flatMap((r) => r.identities ?? []);
  const resolved = await resolveForDsr(deps, refs).catch(() => refs.map(() => null));
  let at = 0;
  for (const r of open) {
    const recorded = r.identities ?? [];
    const known = new Map(recorded.map((i) => [identityKey(i), i]));
    const missing = new Set<string>();
    for (let k = 0; k < recorded.length; k++) {
      const subject = resolved[at + k];
      if (!subject) {
        missing.add('*');
        continue;
      }
      for (const i of subject.identities) known.set(identityKey(i), i);
      for (const [source, records] of subject.records) if (records instanceof Error) missing.add(source);
    }
    at += recorded.length;
    const complete = missing.size === 0;
    out.set(r._id, { identities: [...known.values()], complete, missing: [...missing].sort(), changed: complete || known.size !== recorded.length });
  }
  return out;
}
