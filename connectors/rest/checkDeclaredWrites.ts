import { DeclarationError } from '../../src/sources/declarations/DeclarationError';
import type { CollectionDeclaration, SourceDeclaration } from '../../src/sources/declarations/SourceDeclaration';
import { personalPaths } from '../../src/sources/engine/maskRow';
import { holdsPersonalData } from '../../src/sources/engine/planDeclaredErasure';
import type { RestCapabilities } from './createRestDriver';

const top = (path: string): string => path.split('.')[0] as string;

/** What the engine will ask of one collection, as [what, the endpoint key that must do it, the paths]. */
function needs(c: CollectionDeclaration): Array<{ endpoint: 'delete' | 'update' | 'restrict'; why: string; paths: string[] }> {
  const out: Array<{ endpoint: 'delete' | 'update' | 'restrict'; why: string; paths: string[] }> = [];
  const personal = personalPaths(c).map((p) => p.path);
  const keyIsPersonal = personal.some((p) => c.primaryKey.includes(p));
  if (c.erasure !== 'depersonalize' || keyIsPersonal) out.push({ endpoint: 'delete', why: 'an erasure deletes its records', paths: [] });
  else out.push({ endpoint: 'update', why: 'an erasure depersonalizes its records', paths: [...new Set(personal.map(top))] });
  if (c.restrictFlag !== null) out.push({ endpoint: 'restrict', why: 'blocking and holds set its restrict flag', paths: [c.restrictFlag] });
  if (c.retainedUntil !== null) out.push({ endpoint: 'update', why: 'a hold notes until when a record is kept', paths: [c.retainedUntil] });
  // The engine overwrites top-level profile values only (a dotted path is not rewritten in place).
  const profile = Object.values(c.profile).filter((p): p is string => typeof p === 'string' && !p.includes('.'));
  if (profile.length > 0) out.push({ endpoint: 'update', why: 'rectification overwrites its profile values', paths: profile });
  return out;
}

/**
 * Deny by default: every write the engine will make to a collection holding personal data has an
 * endpoint, checked at start-up, so an erasure, a block or a rectification the API cannot carry
 * out stops the gateway with the collection named, instead of failing a data-subject request later.
 */
export function checkDeclaredWrites(declaration: SourceDeclaration, capabilities: (c: CollectionDeclaration) => RestCapabilities): void {
  for (const c of declaration.collections) {
    if (!holdsPersonalData(c)) continue;
    const can = capabilities(c);
    for (const need of needs(c)) {
      const key = `sources.${declaration.name}.endpoints.${c.name}.${need.endpoint}`;
      if (need.endpoint === 'delete' && !can.delete) throw new DeclarationError(declaration.file, key, `a delete endpoint (${need.why})`, 'none');
      if (need.endpoint === 'restrict' && !can.restrict) throw new DeclarationError(declaration.file, key, `a restrict endpoint, or an update whose body carries "{${c.restrictFlag}}" (${need.why})`, 'neither');
      const unwritable = need.endpoint === 'update' ? need.paths.filter((p) => !can.writes.includes(p)) : [];
      if (unwritable.length > 0) {
        throw new DeclarationError(declaration.file, key, `an update whose body carries ${unwritable.map((p) => `"{${p}}"`).join(', ')} (${need.why})`, can.writes.length === 0 ? 'none' : `one that writes ${can.writes.join(', ')}`);
      }
    }
  }
}
