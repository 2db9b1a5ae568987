import type { DeclaredErasure } from './planDeclaredErasure';
import type { ReachedRow } from './reachRows';

/**
 * The writes of several subjects' erasures as one: each row once. A row one of them keeps (a hold,
 * or shared) is kept: the decision rests on the row's own content, so the subjects of one wave
 * agree on it, and keeping is the side a disagreement must fall on.
 */
export function mergeErasures(erasures: readonly DeclaredErasure[]): DeclaredErasure {
  const kept = new Map<string, DeclaredErasure['retained'][number]>();
  for (const e of erasures) for (const r of e.retained) if (!kept.has(r.row.id)) kept.set(r.row.id, r);
  const once = (pick: (e: DeclaredErasure) => readonly ReachedRow[]): ReachedRow[] => {
    const rows = new Map<string, ReachedRow>();
    for (const e of erasures) for (const r of pick(e)) if (!kept.has(r.id) && !rows.has(r.id)) rows.set(r.id, r);
    return [...rows.values()];
  };
  const depersonalize = once((e) => e.depersonalize);
  const masked = new Set(depersonalize.map((r) => r.id));
  return { retained: [...kept.values()], depersonalize, remove: once((e) => e.remove).filter((r) => !masked.has(r.id)) };
}
