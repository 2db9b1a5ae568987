import type { CollectionDeclaration } from '../declarations/SourceDeclaration';
import type { CollectionDriver } from './CollectionDriver';
import { maskRow } from './maskRow';
import type { DeclaredErasure } from './planDeclaredErasure';
import type { ReachedRow } from './reachRows';
import { primaryKeyOf } from './recordId';

export function byCollection(rows: readonly ReachedRow[]): Map<CollectionDeclaration, ReachedRow[]> {
  const out = new Map<CollectionDeclaration, ReachedRow[]>();
  for (const r of rows) {
    const list = out.get(r.collection);
    if (list) list.push(r);
    else out.set(r.collection, [r]);
  }
  return out;
}

/**
 * An erasure's writes, the same for a request and for the retention clock: held rows marked
 * (restricted, with the hold's end), depersonalized rows masked, the rest deleted.
 */
export async function writeErasure(d: CollectionDriver, e: DeclaredErasure, hashKey: string): Promise<{ deleted: number; depersonalized: number }> {
  for (const { row, until } of e.retained) {
    // A record other people's records reach stays exactly as it is: restricting it would hide it from them.
    if (until === null) continue;
    const c = row.collection;
    const set: Record<string, unknown> = {};
    if (c.restrictFlag) set[c.restrictFlag] = true;
    if (c.retainedUntil && until) set[c.retainedUntil] = until;
    if (Object.keys(set).length > 0) await d.update(c, [primaryKeyOf(c, row.row)], set);
  }
  let depersonalized = 0;
  for (const [c, rows] of byCollection(e.depersonalize)) {
    depersonalized += await d.updateEach(c, rows.map((r) => ({ key: primaryKeyOf(c, r.row), set: maskRow(c, r.row, hashKey) })));
  }
  let deleted = 0;
  // Rows reached through references go first: a row pointing at another is removed before it.
  const order = [...e.remove].sort((a, b) => Number(a.byIdentity) - Number(b.byIdentity));
  for (const [c, rows] of byCollection(order)) deleted += await d.delete(c, rows.map((r) => primaryKeyOf(c, r.row)));
  return { deleted, depersonalized };
}

/**
 * An erasure's writes in one transaction where the kind has them, then what they left on disk
 * (embedded kinds: CollectionDriver.reclaim): what a request's erasure and the retention clock both do.
 */
export async function writeAndReclaim(driver: CollectionDriver, e: DeclaredErasure, hashKey: string): Promise<{ deleted: number; depersonalized: number }> {
  const counts = await (driver.atomically ? driver.atomically((tx) => writeErasure(tx, e, hashKey)) : writeErasure(driver, e, hashKey));
  const written = [...new Set([...e.depersonalize, ...e.remove].map((r) => r.collection))];
  if (driver.reclaim && written.length > 0) await driver.reclaim(written);
  return counts;
}
