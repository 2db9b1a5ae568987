import type { CollectionDeclaration, ReferenceEdge, SourceDeclaration } from '../declarations/SourceDeclaration';
import type { Identity } from '../Identity';
import { identityKey } from '../Identity';
import type { CollectionDriver, Match, Row } from './CollectionDriver';
import { recordId } from './recordId';
import { revealedIdentities } from './toSourceRecord';
import { matchKey, valuesAt } from './valuesAt';

/** A row found for a batch of identities: which of them reached it, and how. */
export interface ReachedRow {
  readonly collection: CollectionDeclaration;
  readonly row: Row;
  readonly id: string;
  /** identityKey of every asked identity that reaches the row (directly, or through references). */
  readonly keys: Set<string>;
  /** Found by an identity it holds itself, rather than through a reference. */
  readonly byIdentity: boolean;
}

/**
 * Every row the identities reach: one select per collection holding identities, then, hop by
 * hop, one select per referenced collection for the whole batch — never one query per record.
 * A row reached from several identities of the batch is attributed to each; it does not make
 * them one person (it reveals only the identities it holds itself).
 */
export async function reachRows(options: { source: SourceDeclaration; driver: CollectionDriver; keys: readonly Identity[]; signal?: AbortSignal }): Promise<Map<string, ReachedRow>> {
  const { source, driver } = options;
  const asked = new Set(options.keys.map(identityKey));
  const reached = new Map<string, ReachedRow>();
  let frontier: ReachedRow[] = [];
  await Promise.all(source.collections.map(async (collection) => {
    const matches: Match[] = [];
    for (const { type, from } of collection.identities) {
      const values = [...new Set(options.keys.filter((k) => k.type === type).map((k) => k.value))];
      if (values.length > 0) matches.push({ path: from, values });
    }
    if (matches.length === 0) return;
    for (const row of await driver.select(collection, matches, { signal: options.signal })) {
      const keys = new Set(revealedIdentities(collection, row).map(identityKey).filter((k) => asked.has(k)));
      if (keys.size === 0) continue; // matched a stored form that is not canonical: not this identity
      const found: ReachedRow = { collection, row, id: recordId(collection, row), keys, byIdentity: true };
      const known = reached.get(found.id);
      if (known) for (const k of keys) known.keys.add(k);
      else {
        reached.set(found.id, found);
        frontier.push(found);
      }
    }
  }));
  for (let hop = 0; hop < source.maxHops && frontier.length > 0; hop++) {
    frontier = await followReferences({ source, driver, frontier, reached, signal: options.signal });
  }
  return reached;
}

/** One hop: one select per collection the frontier's references point into. Returns the next frontier. */
async function followReferences(options: { source: SourceDeclaration; driver: CollectionDriver; frontier: readonly ReachedRow[]; reached: Map<string, ReachedRow>; signal?: AbortSignal }): Promise<ReachedRow[]> {
  const byTarget = new Map<string, ReferenceEdge[]>();
  for (const edge of options.source.edges) {
    if (options.frontier.some((r) => r.collection.name === edge.fromCollection)) byTarget.set(edge.toCollection, [...(byTarget.get(edge.toCollection) ?? []), edge]);
  }
  const next: ReachedRow[] = [];
  await Promise.all([...byTarget].map(async ([target, edges]) => {
    const collection = options.source.collections.find((c) => c.name === target);
    if (!collection) return;
    // value (as a key) at the edge's source path → the asked identities that reach it
    const reach = edges.map((edge) => {
      const byValue = new Map<string, { value: unknown; keys: Set<string> }>();
      for (const r of options.frontier) {
        if (r.collection.name !== edge.fromCollection) continue;
        for (const value of valuesAt(r.row, edge.fromPath)) {
          const entry = byValue.get(matchKey(value)) ?? { value, keys: new Set<string>() };
          for (const k of r.keys) entry.keys.add(k);
          byValue.set(matchKey(value), entry);
        }
      }
      return { edge, byValue };
    }).filter((x) => x.byValue.size > 0);
    if (reach.length === 0) return;
    const matches = reach.map(({ edge, byValue }) => ({ path: edge.toPath, values: [...byValue.values()].map((e) => e.value) }));
    for (const row of await options.driver.select(collection, matches, { signal: options.signal })) {
      const keys = new Set<string>();
      for (const { edge, byValue } of reach) {
        for (const value of valuesAt(row, edge.toPath)) for (const k of byValue.get(matchKey(value))?.keys ?? []) keys.add(k);
      }
      if (keys.size === 0) continue;
      const id = recordId(collection, row);
      const known = options.reached.get(id);
      if (!known) {
        const found: ReachedRow = { collection, row, id, keys, byIdentity: false };
        options.reached.set(id, found);
        next.push(found);
      } else if ([...keys].some((k) => !known.keys.has(k))) {
        for (const k of keys) known.keys.add(k);
        next.push(known);
      }
    }
  }));
  return next;
}
