import DataLoader from 'dataloader';
import type { Connector, SourceRecord } from '../sources/Connector';
import { parseIdentityKey } from '../sources/Identity';

export type SourceLoaders = ReadonlyMap<string, DataLoader<string, SourceRecord[]>>;

/**
 * One DataLoader per source, per request (never module-level: a cache must not outlive the
 * request that filled it, or a withdrawal or erasure would not hold from the next read).
 * Keys are identity keys ("EMAIL:alice@example.com"). Everything asked in one tick becomes one
 * source call; `maxBatchSize` bounds a call, set high enough that 1 000 refs stay one call.
 */
export function createSourceLoaders(connectors: readonly Connector[], options: { maxBatchSize?: number } = {}): SourceLoaders {
  return new Map(
    connectors.map((connector) => [
      connector.name,
      new DataLoader<string, SourceRecord[]>(
        async (keys) => {
          try {
            // Resolution always sees restricted records: whether a purpose may read them is the
            // gateway's decision (a blocked subject must still be found, to answer BLOCKED).
            return await connector.findByIdentities(keys.map(parseIdentityKey), { includeRestricted: true });
          } catch (error) {
            return keys.map(() => (error instanceof Error ? error : new Error(String(error))));
          }
        },
        { maxBatchSize: options.maxBatchSize ?? 5000 },
      ),
    ]),
  );
}
