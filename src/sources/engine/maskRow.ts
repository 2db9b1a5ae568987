import { createHmac } from 'node:crypto';
import type { CollectionDeclaration, Mask } from '../declarations/SourceDeclaration';
import type { Row } from './CollectionDriver';

/** Every personal path of a collection with its mask: fields (and subfields), identities, profile values, hidden columns. */
export function personalPaths(collection: CollectionDeclaration): Array<{ path: string; mask: Mask }> {
  const out = new Map<string, Mask>();
  const walk = (fields: CollectionDeclaration['fields'], prefix: string, inherited: boolean) => {
    for (const f of fields) {
      const path = prefix ? `${prefix}.${f.from}` : f.from;
      const personal = inherited || f.category !== null;
      if (f.fields && f.category === null) walk(f.fields, path, false);
      else if (personal && f.mask.kind !== 'keep') out.set(path, f.mask);
    }
  };
  walk(collection.fields, '', false);
  for (const { from } of collection.identities) if (!out.has(from)) out.set(from, { kind: 'null' });
  for (const path of Object.values(collection.profile)) if (path && !out.has(path)) out.set(path, { kind: 'null' });
  for (const { from } of collection.hidden) if (!out.has(from)) out.set(from, { kind: 'null' });
  for (const path of collection.othersData) out.delete(path);
  return [...out].map(([path, mask]) => ({ path, mask }));
}

/**
 * The writes that depersonalize one row: each personal value replaced by its mask (null, a keyed
 * hash, a fixed text), as whole top-level values so nested documents and arrays of them are
 * rewritten in one `$set`. Keys of the primary key are never masked (the caller deletes instead).
 */
export function maskRow(collection: CollectionDeclaration, row: Row, hashKey: string): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const { path, mask } of personalPaths(collection)) {
    const [top, ...rest] = path.split('.') as [string, ...string[]];
    if (row[top] === undefined || row[top] === null) continue;
    const current = top in set ? set[top] : structuredClone(row[top]);
    set[top] = rest.length === 0 ? apply(current, mask, hashKey) : maskInside(current, rest, mask, hashKey);
  }
  return set;
}

function maskInside(value: unknown, parts: readonly string[], mask: Mask, hashKey: string): unknown {
  if (Array.isArray(value)) return value.map((item) => maskInside(item, parts, mask, hashKey));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const [head, ...rest] = parts as [string, ...string[]];
  const obj = value as Record<string, unknown>;
  if (obj[head] === undefined || obj[head] === null) return obj;
  obj[head] = rest.length === 0 ? apply(obj[head], mask, hashKey) : maskInside(obj[head], rest, mask, hashKey);
  return obj;
}

function apply(value: unknown, mask: Mask, hashKey: string): unknown {
  if (Array.isArray(value)) return mask.kind === 'null' ? null : value.map((v) => apply(v, mask, hashKey));
  switch (mask.kind) {
    case 'keep': return value;
    case 'null': return null;
    case 'fixed': return mask.value;
    case 'hash': return createHmac('sha256', hashKey).update(String(value)).digest('hex').slice(0, 32);
  }
}
