import type { Policy } from '../policy/Policy';
import type { Connector } from './Connector';
import { compileSource } from './declarations/compileSource';
import { DeclarationError } from './declarations/DeclarationError';
import type { RawSource } from './declarations/readSourcesFiles';
import type { SourceDeclaration } from './declarations/SourceDeclaration';
import type { KindContext, SourceKind } from './SourceKind';

/** `DataSubject` fields of the core schema: a declared source may not claim them. */
const CORE_FIELDS = new Set(['id', 'status', 'identities', 'profile', 'consents']);
/** Types of the core schema (schema/*.graphql) a declared type may not reuse. */
const CORE_TYPES = new Set(['Query', 'Mutation', 'DataSubject', 'Identity', 'Profile', 'Consent', 'ConsentChange', 'SubjectRef', 'DsrRequest', 'DsrTask', 'AuditEvent', 'PageInfo', 'DataMap', 'SourceHealth', 'ErasureCertificate', 'SourceErasure', 'ExportResult']);

/**
 * The declared systems, compiled and opened through the registry of kinds: the only place the
 * gateway turns declarations into connectors. Every declaration is compiled (and every clash
 * between them found) before any system is opened, so a bad file stops start-up touching nothing.
 */
export async function openSources(options: { raw: readonly RawSource[]; policy: Policy; kinds: readonly SourceKind[]; context: KindContext; onWarning?: (message: string) => void }): Promise<Connector[]> {
  const kinds = new Map(options.kinds.map((k) => [k.kind, k]));
  const declarations = options.raw.map((raw) => compileSource(raw, { policy: options.policy, kinds }));
  checkNames(declarations);
  for (const d of declarations) for (const w of d.warnings) options.onWarning?.(w);
  const opened: Connector[] = [];
  try {
    for (const d of declarations) opened.push(await (kinds.get(d.kind) as SourceKind).open(d, options.context));
  } catch (error) {
    await Promise.allSettled(opened.map((c) => c.close()));
    throw error;
  }
  return opened;
}

/** Two sources (or collections) claiming one GraphQL name, or a core name, stop start-up naming both. */
function checkNames(declarations: readonly SourceDeclaration[]): void {
  const fields = new Map<string, string>();
  const types = new Map<string, string>();
  for (const d of declarations) {
    for (const c of d.collections) {
      const at = `sources.${d.name}.collections.${c.name}`;
      if (CORE_FIELDS.has(c.subjectField)) throw new DeclarationError(d.file, `${at}.field`, 'a DataSubject field the core schema does not define', JSON.stringify(c.subjectField));
      if (CORE_TYPES.has(c.recordType)) throw new DeclarationError(d.file, `${at}.type`, 'a GraphQL type name the core schema does not define', JSON.stringify(c.recordType));
      const field = fields.get(c.subjectField);
      if (field) throw new DeclarationError(d.file, `${at}.field`, `a DataSubject field no other source claims (${field} has it)`, JSON.stringify(c.subjectField));
      const type = types.get(c.recordType);
      if (type) throw new DeclarationError(d.file, `${at}.type`, `a type name no other source claims (${type} has it)`, JSON.stringify(c.recordType));
      fields.set(c.subjectField, at);
      types.set(c.recordType, at);
    }
  }
}
