import type { Policy } from '../policy/Policy';
import type { ConnectorDescriptor } from './Connector';
import { compileSource } from './declarations/compileSource';
import { generateSourceSdl } from './declarations/generateSourceSdl';
import type { RawSource } from './declarations/readSourcesFiles';
import { describeDeclaration, idCategory } from './engine/createDeclaredConnector';
import type { SourceKind } from './SourceKind';

/**
 * The declared sources as descriptors, compiled but not opened: `npm run data-map` and the
 * schema previews read the same declarations the gateway serves, with no system running.
 * (Column types the SQL kinds read from the database are not known here: fields are String.)
 */
export function describeSources(options: { raw: readonly RawSource[]; policy: Policy; kinds: readonly SourceKind[] }): ConnectorDescriptor[] {
  const kinds = new Map(options.kinds.map((k) => [k.kind, k]));
  return options.raw.map((raw) => {
    const declaration = compileSource(raw, { policy: options.policy, kinds, describeOnly: true });
    const kind = kinds.get(declaration.kind) as SourceKind;
    return kind.describe ? kind.describe(declaration) : describeDeclaration(declaration, generateSourceSdl(declaration, idCategory));
  });
}
