import { DEFAULT_SOURCES_FILE } from '../../src/config';
import { loadPolicy } from '../../src/policy/loadPolicy';
import { SOURCE_KINDS } from '../../src/sourceKinds';
import type { Connector } from '../../src/sources/Connector';
import { compileSource } from '../../src/sources/declarations/compileSource';
import { readSourcesFiles } from '../../src/sources/declarations/readSourcesFiles';
import type { SourceKind } from '../../src/sources/SourceKind';
import type { SqlClient } from '../../src/sql/SqlClient';
import type { DocumentStore } from '../../src/store/DocumentStore';

/**
 * One declared source opened through its kind, exactly as the composition root does, over a
 * system the test hands in (an in-memory document store, a PGlite or a server schema): the
 * conformance kit runs against what `sources/demo.yaml` declares, not against a hand-built connector.
 */
export async function openDeclaredSource(options: { name: string; file?: string; store?: DocumentStore; sql?: SqlClient; schema?: string; env?: NodeJS.ProcessEnv; onWarning?: (message: string) => void }): Promise<Connector> {
  const raw = readSourcesFiles(options.file ?? DEFAULT_SOURCES_FILE, options.env ?? {}).find((s) => s.name === options.name);
  if (!raw) throw new TypeError(`expected a declared source "${options.name}", got none`);
  const kinds = new Map(SOURCE_KINDS.map((k) => [k.kind, k]));
  const declaration = compileSource(raw, { policy: loadPolicy(), kinds });
  const withSchema = options.schema ? { ...declaration, options: { ...declaration.options, schema: options.schema } } : declaration;
  return (kinds.get(declaration.kind) as SourceKind).open(withSchema, {
    timeoutMs: 2000,
    openDocumentStore: () => {
      if (!options.store) throw new TypeError(`expected a document store for source "${options.name}"`);
      return options.store;
    },
    openSql: () => {
      if (!options.sql) throw new TypeError(`expected an SQL client for source "${options.name}"`);
      return options.sql;
    },
    hashKey: 'test-hash-key',
    seed: true,
    onWarning: options.onWarning,
  });
}
