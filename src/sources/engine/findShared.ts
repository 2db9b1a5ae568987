import type { SourceDeclaration } from '../declarations/SourceDeclaration';
import type { CollectionDriver } from './CollectionDriver';
import type { ReachedRow } from './reachRows';
import { recordId } from './recordId';
import { matchKey, valuesAt } from './valuesAt';

/**
 * The subject's rows that other people's rows reach too (CONTRACT.md §7 "Other people's data"):
 * for every reference into a reached row's collection, one select of the rows that point at it;
 * any of them outside the subject's own rows makes it shared. Rows found by an identity they hold
 * are the subject's own and are not asked about.
 */
export async function findShared(options: { source: SourceDeclaration; driver: CollectionDriver; rows: readonly ReachedRow[] }): Promise<Set<string>> {
  const own = new Set(options.rows.map((r) => r.id));
  const shared = new Set<string>();
  await Promise.all(options.source.edges.map(async (edge) => {
    const targets = options.rows.filter((r) => !r.byIdentity && r.collection.name === edge.toCollection);
    const from = options.source.collections.find((c) => c.name === edge.fromCollection);
    if (targets.length === 0 || !from) return;
    const values = new Map<string, unknown>();
    for (const t of targets) for (const v of valuesAt(t.row, edge.toPath)) values.set(matchKey(v), v);
    if (values.size === 0) return;
    const pointing = await options.driver.select(from, [{ path: edge.fromPath, values: [...values.values()] }]);
    const foreign = new Set<string>();
    for (const row of pointing) if (!own.has(recordId(from, row))) for (const v of valuesAt(row, edge.fromPath)) foreign.add(matchKey(v));
    for (const t of targets) if (valuesAt(t.row, edge.toPath).some((v) => foreign.has(matchKey(v)))) shared.add(t.id);
  }));
  return shared;
}
