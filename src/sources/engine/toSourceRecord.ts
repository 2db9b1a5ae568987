import type { Profile, SourceRecord } from '../Connector';
import type { CollectionDeclaration, FieldDeclaration, SourceDeclaration } from '../declarations/SourceDeclaration';
import type { Identity } from '../Identity';
import { identityKey, normalizeIdentity } from '../Identity';
import type { Row } from './CollectionDriver';
import { publicId, recordId } from './recordId';
import { redactOthers } from './redactOthers';
import { valueAt, valuesAt } from './valuesAt';

/** The identities a row reveals, canonical; a malformed stored value is skipped, never spread. */
export function revealedIdentities(collection: CollectionDeclaration, row: Row): Identity[] {
  const out = new Map<string, Identity>();
  for (const { type, from } of collection.identities) {
    for (const raw of valuesAt(row, from)) {
      const identity = normalizeIdentity(type, typeof raw === 'number' ? String(raw) : raw);
      if (!(identity instanceof Error)) out.set(identityKey(identity), identity);
    }
  }
  return [...out.values()];
}

const iso = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/** A row as the gateway sees it: the declared fields only, converted to their GraphQL types. */
export function toSourceRecord(source: SourceDeclaration, collection: CollectionDeclaration, row: Row): SourceRecord {
  const others = collection.othersData.flatMap((path) => valuesAt(row, path));
  const fields: Record<string, unknown> = { id: publicId(collection, row), source: source.name };
  for (const field of collection.fields) fields[field.name] = convert(valueAt(row, field.from), field, others);
  const profile: Profile = {};
  for (const [key, path] of Object.entries(collection.profile) as Array<[keyof Profile, string]>) {
    const value = valuesAt(row, path)[0];
    profile[key] = value === undefined ? null : String(value);
  }
  return {
    id: recordId(collection, row),
    source: source.name,
    collection: collection.name,
    createdAt: collection.createdAt ? iso(valueAt(row, collection.createdAt)) : null,
    identities: revealedIdentities(collection, row),
    restricted: collection.restrictFlag !== null && valueAt(row, collection.restrictFlag) === true,
    ...(Object.keys(profile).length > 0 ? { profile } : {}),
    fields,
  };
}

const SCALAR = /^\[?(String|ID|Int|Float|Boolean)!?\]?!?$/;

/** A stored value as its declared GraphQL type: dates as ISO text, exact numbers as numbers where asked. */
function convert(value: unknown, field: FieldDeclaration, others: readonly unknown[]): unknown {
  if (value === null || value === undefined) return null;
  if (field.list) {
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => convertOne(item, field, others)).filter((v) => v !== null);
  }
  return convertOne(Array.isArray(value) && !field.fields ? value[0] : value, field, others);
}

function convertOne(value: unknown, field: FieldDeclaration, others: readonly unknown[]): unknown {
  if (value === null || value === undefined) return null;
  if (field.fields) {
    if (typeof value !== 'object' || Array.isArray(value)) return null;
    const out: Record<string, unknown> = {};
    for (const sub of field.fields) out[sub.name] = convert(valueAt(value, sub.from), sub, others);
    return out;
  }
  const scalar = SCALAR.exec(field.type)?.[1] ?? 'String';
  switch (scalar) {
    case 'Int': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : null;
    }
    case 'Float': {
      const n = typeof value === 'number' ? value : Number(String(value).replace(/[^0-9.eE+-]/g, ''));
      return Number.isFinite(n) ? n : null;
    }
    case 'Boolean':
      return typeof value === 'boolean' ? value : value === 1 || value === '1' || value === 't' || value === 'true';
    default: {
      const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
      return field.category !== null && others.length > 0 ? redactOthers(text, others) : text;
    }
  }
}
