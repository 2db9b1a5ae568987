import type { Connector, ConnectorDescriptor } from './Connector';
import type { KindKeys } from './declarations/compileSource';
import type { SourceDeclaration } from './declarations/SourceDeclaration';
import type { DocumentStore } from '../store/DocumentStore';
import type { SqlClient } from '../sql/SqlClient';

/** What the composition root lends a kind: how to open the ports, and where embedded data lives. */
export interface KindContext {
  /** A document store: the MongoDB at `url`, or embedded under the data dir when `url` is null. */
  openDocumentStore(options: { url: string | null; database: string; name: string }): DocumentStore;
  /** An SQL client: the server at `url` (postgres://, mysql://), or PGlite under the data dir when null. */
  openSql(options: { url: string | null; name: string }): SqlClient;
  /** The gateway's per-source deadline (SOURCE_TIMEOUT_MS): a kind's own bound on one exchange defaults to it. */
  readonly timeoutMs: number;
  /** Keys the `hash` mask of depersonalized values. */
  readonly hashKey: string;
  /** Whether this start may seed declared demo data (an empty data dir, demo seeding on). */
  readonly seed: boolean;
  /** Notes for the operator found while opening (a lookup column without an index on a server). */
  readonly onWarning?: (message: string) => void;
}

/**
 * A source kind: an adapter written once (CONTRACT.md §7). `open` validates what only the system
 * can tell (columns, primary keys), seeds an embedded system where declared, and returns the
 * connector — with the SDL of its collections — built by the shared engine.
 */
export interface SourceKind extends KindKeys {
  readonly kind: string;
  open(declaration: SourceDeclaration, context: KindContext): Promise<Connector>;
  /** What the source is, without I/O (the data map, schema previews); the engine's kinds leave it to `describeDeclaration`. */
  describe?(declaration: SourceDeclaration): ConnectorDescriptor;
}
