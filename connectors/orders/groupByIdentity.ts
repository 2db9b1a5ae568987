import type { SourceRecord } from '../../src/sources/Connector';
import type { Identity } from '../../src/sources/Identity';
import { identityKey } from '../../src/sources/Identity';

/**
 * The batch contract (DataLoader's): one entry per key, in key order, same length; a key no record
 * reveals gets []. A record revealing several keys of the batch appears under each.
 */
export function groupByIdentity(keys: readonly Identity[], records: readonly SourceRecord[]): SourceRecord[][] {
  const byKey = new Map<string, SourceRecord[]>();
  for (const record of records) {
    for (const key of new Set(record.identities.map(identityKey))) {
      const list = byKey.get(key) ?? [];
      list.push(record);
      byKey.set(key, list);
    }
  }
  return keys.map((key) => [...(byKey.get(identityKey(key)) ?? [])]);
}
