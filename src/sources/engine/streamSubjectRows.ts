import type { SourceDeclaration } from '../declarations/SourceDeclaration';
import type { Identity } from '../Identity';
import { identityKey } from '../Identity';
import type { CollectionDriver, Match, Row } from './CollectionDriver';
import { recordId } from './recordId';
import { revealedIdentities } from './toSourceRecord';
import { matchKey, valuesAt } from './valuesAt';

/**
 * Every row of one subject, for an export, without holding them: rows found by identity are
 * streamed page by page where the driver can (`iterate`), keeping only the values references need
 * and the ids already given; then each reference hop is one select, as for a read. The export's
 * memory grows with what references reach, not with the subject's largest collection.
 */
export async function* streamSubjectRows(options: { source: SourceDeclaration; driver: CollectionDriver; identities: readonly Identity[] }): AsyncGenerator<{ collection: SourceDeclaration['collections'][number]; row: Row }> {
  const { source, driver } = options;
  const asked = new Set(options.identities.map(identityKey));
  const given = new Set<string>();
  // toCollection → toPath → values (as keys) that reach it
  let frontier = new Map<string, Map<string, Map<string, unknown>>>();
  const remember = (collectionName: string, row: Row) => {
    for (const edge of source.edges) {
      if (edge.fromCollection !== collectionName) continue;
      const byPath = frontier.get(edge.toCollection) ?? new Map<string, Map<string, unknown>>();
      const values = byPath.get(edge.toPath) ?? new Map<string, unknown>();
      for (const v of valuesAt(row, edge.fromPath)) values.set(matchKey(v), v);
      byPath.set(edge.toPath, values);
      frontier.set(edge.toCollection, byPath);
    }
  };
  for (const collection of source.collections) {
    const matches: Match[] = [];
    for (const { type, from } of collection.identities) {
      const values = [...new Set(options.identities.filter((k) => k.type === type).map((k) => k.value))];
      if (values.length > 0) matches.push({ path: from, values });
    }
    if (matches.length === 0) continue;
    const rows = driver.iterate ? driver.iterate(collection, matches) : await driver.select(collection, matches);
    for await (const row of rows) {
      if (!revealedIdentities(collection, row).some((i) => asked.has(identityKey(i)))) continue;
      const id = recordId(collection, row);
      if (given.has(id)) continue;
      given.add(id);
      remember(collection.name, row);
      yield { collection, row };
    }
  }
  for (let hop = 0; hop < source.maxHops && frontier.size > 0; hop++) {
    const current = frontier;
    frontier = new Map();
    for (const [target, byPath] of current) {
      const collection = source.collections.find((c) => c.name === target);
      if (!collection) continue;
      const matches = [...byPath].map(([path, values]) => ({ path, values: [...values.values()] })).filter((m) => m.values.length > 0);
      if (matches.length === 0) continue;
      for (const row of await driver.select(collection, matches)) {
        const id = recordId(collection, row);
        if (given.has(id)) continue;
        given.add(id);
        remember(collection.name, row);
        yield { collection, row };
      }
    }
  }
}
