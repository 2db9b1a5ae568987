import { parse } from 'graphql';
import type { Policy } from '../policy/Policy';
import { loadTypeDefs } from '../schema/loadTypeDefs';
import type { Connector } from './Connector';
import { compileSource } from './declarations/compileSource';
import { DeclarationError } from './declarations/DeclarationError';
import type { RawSource } from './declarations/readSourcesFiles';
import type { SourceDeclaration } from './declarations/SourceDeclaration';
import type { KindContext, SourceKind } from './SourceKind';

/**
 * The names the core schema (schema/*.graphql) already uses: its types, and its `DataSubject`
 * fields. Read from the SDL itself, so a declared source can never claim one however the core grows.
 */
function coreNames(): { fields: Set<string>; types: Set<string> } {
  const fields = new Set<string>();
  const types = new Set<string>();
  for (const def of parse(loadTypeDefs().join('\n')).definitions) {
    if (!('name' in def) || !def.name) continue;
    types.add(def.name.value);
    if (def.name.value === 'DataSubject' && 'fields' in def) for (const f of def.fields ?? []) fields.add(f.name.value);
  }
  return { fields, types };
}

/**
 * The declared systems, compiled and opened through the registry of kinds: the only place the
 * gateway turns declarations into connectors. Every declaration is compiled (and every clash
 * between them found) before any system is opened, so a bad file stops start-up touching nothing.
 */
export async function openSources(options: { raw: readonly RawSource[]; policy: Policy; kinds: readonly SourceKind[]; context: KindContext; onWarning?: (message: string) => void; onCompiled?: (declarations: readonly SourceDeclaration[]) => void }): Promise<Connector[]> {
  const kinds = new Map(options.kinds.map((k) => [k.kind, k]));
  const declarations = options.raw.map((raw) => compileSource(raw, { policy: options.policy, kinds }));
  checkNames(declarations);
  options.onCompiled?.(declarations);
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
  const core = coreNames();
  const fields = new Map<string, string>();
  const types = new Map<string, string>();
  for (const d of declarations) {
    for (const c of d.collections) {
      const at = `sources.${d.name}.collections.${c.name}`;
      if (core.fields.has(c.subjectField)) throw new DeclarationError(d.file, `${at}.field`, 'a DataSubject field the core schema does not define', JSON.stringify(c.subjectField));
      if (core.types.has(c.recordType)) throw new DeclarationError(d.file, `${at}.type`, 'a GraphQL type name the core schema does not define', JSON.stringify(c.recordType));
      const field = fields.get(c.subjectField);
      if (field) throw new DeclarationError(d.file, `${at}.field`, `a DataSubject field no other source claims (${field} has it)`, JSON.stringify(c.subjectField));
      const type = types.get(c.recordType);
      if (type) throw new DeclarationError(d.file, `${at}.type`, `a type name no other source claims (${type} has it)`, JSON.stringify(c.recordType));
      fields.set(c.subjectField, at);
      types.set(c.recordType, at);
    }
  }
}
