import { generateSourceSdl } from '../../src/sources/declarations/generateSourceSdl';
import { createDeclaredConnector, idCategory } from '../../src/sources/engine/createDeclaredConnector';
import type { SourceKind } from '../../src/sources/SourceKind';
import { checkDeclaredWrites } from './checkDeclaredWrites';
import { createRestDriver } from './createRestDriver';
import { REST_KEYS } from './parseRestOptions';

/**
 * The `rest` kind (CONTRACT.md §7; keys in RestOptions.ts and docs/sources.md "kind: rest"): an
 * HTTP API whose endpoints the declaration names, served through the shared engine. It needs a
 * url (there is no embedded API; the demo starts its processor and passes the url in). Opening
 * makes no call: the options and the writes are checked against the declaration, and the first
 * request goes out with the first read, health check or DSR action. The primary key defaults to `id`.
 */
export const restKind: SourceKind = {
  kind: 'rest',
  keys: REST_KEYS,
  collectionKeys: [],
  requiresUrl: true,
  async open(declared, context) {
    // An API's objects are keyed by `id` unless the declaration says otherwise.
    const declaration = { ...declared, collections: declared.collections.map((c) => (c.primaryKey.length > 0 ? c : { ...c, primaryKey: ['id'] })) };
    const driver = createRestDriver(declaration, context.timeoutMs);
    checkDeclaredWrites(declaration, (c) => driver.capabilities(c));
    return createDeclaredConnector({ declaration, driver, typeDefs: generateSourceSdl(declaration, idCategory), hashKey: context.hashKey });
  },
};
