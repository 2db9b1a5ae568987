import type { CollectionDeclaration, SourceDeclaration } from '../../src/sources/declarations/SourceDeclaration';
import type { CollectionDriver, Row } from '../../src/sources/engine/CollectionDriver';
import type { KeyVars } from './buildWriteRequest';
import { createRestClient } from './createRestClient';
import { mapBounded } from './mapBounded';
import { parseRestOptions } from './parseRestOptions';
import type { CollectionEndpoints, WriteEndpoint } from './RestOptions';
import { searchRows } from './searchRows';
import { valueAt } from './valueAt';
import { writeRows } from './writeRows';

/** What the declaration lets the driver do to one collection, so the engine plans without trying. */
export interface RestCapabilities {
  /** Top-level paths an update can write (rectification, masks). */
  readonly writes: readonly string[];
  /** The restrict flag can be written (a dedicated endpoint, or the update's body carries it). */
  readonly restrict: boolean;
  readonly delete: boolean;
  /** Correction notes can be added (records that cannot be changed). */
  readonly annotate: boolean;
}

/** Adds `note` to each record of `keys`; returns the records noted (one gone meanwhile is not). */
export type Annotate = (keys: ReadonlyArray<readonly unknown[]>, note: string) => Promise<number>;

export interface RestDriver extends CollectionDriver {
  capabilities(collection: CollectionDeclaration): RestCapabilities;
  /** Null when the collection declares no `annotate` endpoint. */
  annotator(collection: CollectionDeclaration): Annotate | null;
}

/** A canonical text of a write, so equal writes share a batch whatever their key order. */
const canonical = (set: Readonly<Record<string, unknown>>): string => JSON.stringify(Object.keys(set).sort().map((k) => [k, set[k]]));

/**
 * The `kind: rest` adapter: the engine's `CollectionDriver` over an HTTP API whose endpoints the
 * declaration names (RestOptions.ts, docs/sources.md). Options are checked here, at start-up;
 * the client is lazy (no call until the first read or write). Failures are already classified
 * by the client (TransientSourceError: retry, with Retry-After; SourceUnavailableError: do not);
 * a write the declaration gives no endpoint for is a TypeError naming the collection and paths.
 */
export function createRestDriver(declaration: SourceDeclaration, defaultTimeoutMs?: number): RestDriver {
  const options = parseRestOptions(declaration, defaultTimeoutMs);
  const source = declaration.name;
  const client = createRestClient({ source, url: options.url, headers: options.headers, timeoutMs: options.timeoutMs });

  function endpointsOf(collection: CollectionDeclaration): CollectionEndpoints {
    const endpoints = Object.hasOwn(options.collections, collection.name) ? options.collections[collection.name] : undefined;
    if (!endpoints) throw new TypeError(`expected a collection of source "${source}" (${Object.keys(options.collections).join(', ')}), got "${collection.name}"`);
    return endpoints;
  }

  /** A key's parts by primary key path, and `id`: the parts joined with ":" (the record's id). */
  function keyVars(collection: CollectionDeclaration, key: readonly unknown[]): KeyVars {
    if (!Array.isArray(key) || key.length !== collection.primaryKey.length) {
      throw new TypeError(`expected keys of ${collection.name} with ${collection.primaryKey.length} part(s) (${collection.primaryKey.join(', ')}), got ${Array.isArray(key) ? `${key.length}` : typeof key}`);
    }
    return { id: key.map(String).join(':'), ...Object.fromEntries(collection.primaryKey.map((path, i) => [path, key[i]])) };
  }

  /**
   * The calls that write `set`: the restrict flag through the dedicated endpoint when it is all
   * there is to write or the update cannot carry it, everything else through the update. A write
   * nothing can make is a TypeError naming the paths, before any call.
   */
  function writesFor(collection: CollectionDeclaration, set: Readonly<Record<string, unknown>>): Array<{ endpoint: WriteEndpoint; vars: Record<string, unknown> }> {
    const { restrict, update } = endpointsOf(collection);
    const flag = collection.restrictFlag;
    const carries = (path: string) => update?.placeholders.includes(path) ?? false;
    const flagApart = restrict !== null && flag !== null && Object.hasOwn(set, flag) && (Object.keys(set).length === 1 || !carries(flag));
    const rest = Object.entries(set).filter(([path]) => !(flagApart && path === flag));
    const unwritable = rest.map(([path]) => path).filter((path) => !carries(path));
    if (unwritable.length > 0) throw new TypeError(`expected an endpoint of ${source}.${collection.name} that writes ${unwritable.join(', ')}, got ${update ? 'an update whose body does not carry them' : 'no update endpoint'}`);
    const calls: Array<{ endpoint: WriteEndpoint; vars: Record<string, unknown> }> = [];
    if (flagApart && restrict !== null && flag !== null) calls.push({ endpoint: restrict, vars: { [flag]: set[flag] } });
    if (rest.length > 0 && update !== null) calls.push({ endpoint: update, vars: Object.fromEntries(rest) });
    return calls;
  }

  /** A record counts as changed when every call of the write reached it: the fewest any call changed. */
  async function update(collection: CollectionDeclaration, keys: ReadonlyArray<readonly unknown[]>, set: Readonly<Record<string, unknown>>): Promise<number> {
    if (keys.length === 0 || Object.keys(set).length === 0) return 0;
    const calls = writesFor(collection, set);
    const records = keys.map((k) => keyVars(collection, k));
    const counts: number[] = [];
    for (const { endpoint, vars } of calls) counts.push(await writeRows({ client, source, endpoint, keys: records, vars }));
    return Math.min(...counts);
  }

  /** Rows at most once: the same row may answer two matches, or two batches. */
  function distinct(collection: CollectionDeclaration, rows: readonly Row[]): Row[] {
    const byKey = new Map<string, Row>();
    for (const row of rows) {
      const parts = collection.primaryKey.map((path) => valueAt(row, path));
      if (parts.some((p) => p === undefined || p === null)) throw new TypeError(`expected every row of ${source}.${collection.name} to hold its primary key (${collection.primaryKey.join(', ')}), got a row without`);
      byKey.set(JSON.stringify(parts), row);
    }
    return [...byKey.values()];
  }

  return {
    async select(collection, matches, selectOptions = {}) {
      const endpoints = endpointsOf(collection);
      // Every endpoint is found before any call starts: a match the declaration cannot serve is a misuse, not a partial read.
      const searches = matches.filter((m) => m.values.length > 0).map((match) => {
        const endpoint = Object.hasOwn(endpoints.search, match.path) ? endpoints.search[match.path] : undefined;
        if (!endpoint) throw new TypeError(`expected a search of ${source}.${collection.name} by ${match.path}, got none declared (${Object.keys(endpoints.search).join(', ') || 'none'})`);
        return { endpoint, values: match.values };
      });
      const found = await mapBounded(searches, Math.max(1, searches.length), ({ endpoint, values }) => searchRows({ client, source, endpoint, values, signal: selectOptions.signal }));
      return distinct(collection, found.flat());
    },

    update,

    /** Writes with equal `set`s share calls (masks are mostly the same for every row). */
    async updateEach(collection, writes) {
      const groups = new Map<string, { set: Readonly<Record<string, unknown>>; keys: Array<readonly unknown[]> }>();
      for (const { key, set } of writes) {
        const id = canonical(set);
        const group = groups.get(id) ?? { set, keys: [] };
        group.keys.push(key);
        groups.set(id, group);
      }
      let changed = 0;
      for (const group of groups.values()) changed += await update(collection, group.keys, group.set);
      return changed;
    },

    async delete(collection, keys) {
      if (keys.length === 0) return 0;
      const endpoint = endpointsOf(collection).delete;
      if (!endpoint) throw new TypeError(`expected a delete endpoint of ${source}.${collection.name}, got none declared`);
      return writeRows({ client, source, endpoint, keys: keys.map((k) => keyVars(collection, k)), vars: {} });
    },

    async ping(signal) {
      await client.send({ method: options.health.method, route: `${options.health.method} ${options.health.path}`, path: options.health.path }, { signal });
    },

    async close() {
      client.close();
    },

    capabilities(collection) {
      const endpoints = endpointsOf(collection);
      const keyNames = ['id', ...collection.primaryKey];
      const writes = (endpoints.update?.placeholders ?? []).filter((p) => !keyNames.includes(p));
      const flag = collection.restrictFlag;
      return { writes, restrict: flag !== null && (endpoints.restrict !== null || writes.includes(flag)), delete: endpoints.delete !== null, annotate: endpoints.annotate !== null };
    },

    annotator(collection) {
      const endpoint = endpointsOf(collection).annotate;
      if (!endpoint) return null;
      return async (keys, note) => {
        if (typeof note !== 'string' || note.trim() === '') throw new TypeError(`expected a note as a non-empty string, got ${typeof note === 'string' ? 'an empty one' : typeof note}`);
        if (keys.length === 0) return 0;
        return writeRows({ client, source, endpoint, keys: keys.map((k) => keyVars(collection, k)), vars: { note } });
      };
    },
  };
}
