import type { RetentionPlan } from '../Connector';
import { checkErasePlan, longestHold } from '../legalHold';
import { maskRow, personalPaths } from './maskRow';
import type { DeclaredErasure } from './planDeclaredErasure';
import { rowCategories } from './planDeclaredErasure';
import type { ReachedRow } from './reachRows';
import { valuesAt } from './valuesAt';

/**
 * What the retention clock does to rows past their period — pure, so the preview and the run
 * agree by construction. A row a hold covers is retained until the hold ends (restricted, as for
 * an erasure); the rest is deleted or depersonalized as its collection's rule says (a row whose
 * primary key is personal can only be deleted). A row already depersonalized (masking it would
 * change nothing) is left out, so a run after a run finds nothing to do.
 */
export function planExpiredErasure(rows: readonly ReachedRow[], plan: RetentionPlan, hashKey: string): DeclaredErasure {
  checkErasePlan({ identities: [], action: 'delete', holds: plan.holds, now: plan.now });
  const out: DeclaredErasure = { remove: [], depersonalize: [], retained: [] };
  for (const r of rows) {
    const rule = plan.collections.get(r.collection.name);
    if (!rule) continue;
    const createdAt = r.collection.createdAt ? ((valuesAt(r.row, r.collection.createdAt)[0] as string | Date | undefined) ?? null) : null;
    const held = longestHold({ holds: plan.holds, categories: rowCategories(r.collection, r.row), createdAt, now: plan.now });
    if (held) {
      out.retained.push({ row: r, ...held });
      continue;
    }
    const action = r.collection.erasure ?? rule.then;
    const keyIsPersonal = personalPaths(r.collection).some((p) => r.collection.primaryKey.includes(p.path));
    if (action === 'delete' || keyIsPersonal) out.remove.push(r);
    else if (!alreadyMasked(r, hashKey)) out.depersonalize.push(r);
  }
  return out;
}

function alreadyMasked(r: ReachedRow, hashKey: string): boolean {
  const set = maskRow(r.collection, r.row, hashKey);
  return Object.entries(set).every(([path, value]) => JSON.stringify(value) === JSON.stringify(r.row[path]));
}
