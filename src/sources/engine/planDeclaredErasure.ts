import type { ErasePlan, EraseResult } from '../Connector';
import type { CollectionDeclaration } from '../declarations/SourceDeclaration';
import { checkErasePlan, longestHold } from '../legalHold';
import { personalPaths } from './maskRow';
import type { ReachedRow } from './reachRows';
import { valuesAt } from './valuesAt';

export interface DeclaredErasure {
  readonly remove: ReachedRow[];
  readonly depersonalize: ReachedRow[];
  readonly retained: Array<{ row: ReachedRow; until: string | null; hold: string }>;
}

/** The categories of the values a row actually holds. */
export function rowCategories(collection: CollectionDeclaration, row: ReachedRow['row']): string[] {
  const out = new Set<string>();
  const walk = (fields: CollectionDeclaration['fields'], prefix: string) => {
    for (const f of fields) {
      const path = prefix ? `${prefix}.${f.from}` : f.from;
      if (f.category !== null && valuesAt(row, path).length > 0) out.add(f.category);
      else if (f.category === null && f.fields) walk(f.fields, path);
    }
  };
  walk(collection.fields, '');
  for (const h of collection.hidden) if (valuesAt(row, h.from).length > 0) out.add(h.category);
  return [...out];
}

/**
 * What an erasure does to each of the subject's rows — pure, so `planErase` and `erase` agree
 * by construction. A collection holding no personal data is left alone (a product reached from an
 * order item is not the subject's). A row a hold covers is retained until the hold ends; a row
 * other people's rows reach is retained as shared; the rest is deleted or depersonalized as its
 * collection declares (a row whose primary key is personal can only be deleted).
 */
export function planDeclaredErasure(rows: readonly ReachedRow[], shared: ReadonlySet<string>, plan: ErasePlan): DeclaredErasure {
  checkErasePlan(plan);
  const out: DeclaredErasure = { remove: [], depersonalize: [], retained: [] };
  for (const r of rows) {
    if (!holdsPersonalData(r.collection)) continue;
    const paths = personalPaths(r.collection);
    const createdAt = r.collection.createdAt ? (valuesAt(r.row, r.collection.createdAt)[0] as string | Date | undefined) ?? null : null;
    const held = longestHold({ holds: plan.holds, categories: rowCategories(r.collection, r.row), createdAt, now: plan.now });
    if (held) out.retained.push({ row: r, ...held });
    else if (shared.has(r.id)) out.retained.push({ row: r, until: null, hold: 'shared' });
    else {
      const action = r.collection.erasure ?? plan.action;
      const keyIsPersonal = paths.some((p) => r.collection.primaryKey.includes(p.path));
      (action === 'depersonalize' && !keyIsPersonal ? out.depersonalize : out.remove).push(r);
    }
  }
  return out;
}

export function toEraseResult(e: DeclaredErasure, counts?: { deleted: number; depersonalized: number }): EraseResult {
  return {
    deleted: counts?.deleted ?? e.remove.length,
    depersonalized: counts?.depersonalized ?? e.depersonalize.length,
    retained: e.retained.length,
    retainedRecords: e.retained.map(({ row, until, hold }) => ({ id: row.id, until, hold, collection: row.collection.name })),
    collections: perCollection(e),
  };
}

/** The planned deletions and depersonalizations per collection, in the order collections were reached. */
function perCollection(e: DeclaredErasure): Array<{ collection: string; deleted: number; depersonalized: number }> {
  const out = new Map<string, { collection: string; deleted: number; depersonalized: number }>();
  const entry = (name: string) => out.get(name) ?? out.set(name, { collection: name, deleted: 0, depersonalized: 0 }).get(name) as { collection: string; deleted: number; depersonalized: number };
  for (const r of e.remove) entry(r.collection.name).deleted++;
  for (const r of e.depersonalize) entry(r.collection.name).depersonalized++;
  return [...out.values()];
}

/** Whether a collection holds any personal value at all (a product catalogue does not). */
export function holdsPersonalData(c: CollectionDeclaration): boolean {
  const any = (fields: CollectionDeclaration['fields']): boolean => fields.some((f) => f.category !== null || (f.fields !== null && any(f.fields)));
  return c.identities.length > 0 || c.hidden.length > 0 || any(c.fields);
}
