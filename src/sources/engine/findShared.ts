import type { SourceDeclaration } from '../declarations/SourceDeclaration';
import type { CollectionDriver, Row } from './CollectionDriver';
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
  const [shared] = await findSharedPerSubject({ ...options, subjects: [options.rows] });
  return shared as Set<string>;
}

/**
 * `findShared` for several subjects at once (an erasure wave): one select per reference for all
 * of them, each subject's rows judged against its own rows only — another subject of the wave
 * pointing at a row makes it shared, exactly as if the two were erased one after the other.
 */
export async function findSharedPerSubject(options: { source: SourceDeclaration; driver: CollectionDriver; subjects: ReadonlyArray<readonly ReachedRow[]> }): Promise<Array<Set<string>>> {
  const { source, driver, subjects } = options;
  const out = subjects.map(() => new Set<string>());
  await Promise.all(source.edges.map(async (edge) => {
    const from = source.collections.find((c) => c.name === edge.fromCollection);
    const targetsOf = subjects.map((rows) => rows.filter((r) => !r.byIdentity && r.collection.name === edge.toCollection));
    if (!from || targetsOf.every((t) => t.length === 0)) return;
    const values = new Map<string, unknown>();
    for (const targets of targetsOf) for (const t of targets) for (const v of valuesAt(t.row, edge.toPath)) values.set(matchKey(v), v);
    if (values.size === 0) return;
    const pointing: Row[] = await driver.select(from, [{ path: edge.fromPath, values: [...values.values()] }]);
    targetsOf.forEach((targets, k) => {
      if (targets.length === 0) return;
      const own = new Set((subjects[k] as readonly ReachedRow[]).map((r) => r.id));
      const foreign = new Set<string>();
      for (const row of pointing) if (!own.has(recordId(from, row))) for (const v of valuesAt(row, edge.fromPath)) foreign.add(matchKey(v));
      for (const t of targets) if (valuesAt(t.row, edge.toPath).some((v) => foreign.has(matchKey(v)))) (out[k] as Set<string>).add(t.id);
    });
  }));
  return out;
}
