import type { ColumnShape } from './SystemShape';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const INT_MAX = 2 ** 31 - 1;

type Kind = 'String' | 'Int' | 'Float' | 'Boolean' | 'date' | 'object' | 'null';
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date || (typeof value === 'string' && ISO_DATE.test(value))) return 'date';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) <= INT_MAX ? 'Int' : 'Float';
  if (isPlainObject(value)) return 'object';
  return 'String'; // strings, and driver values (ObjectId, UUID, Binary) read as their text
}

/**
 * The keys of a sample of documents and their shapes, nested objects and lists of objects
 * included, in the order keys first appear. A key whose values disagree (an object in one
 * document, a string in another) is a String marked `mixed`, for the reviewer; integers and
 * other numbers together are a Float; a number beyond GraphQL's 32-bit Int is a Float too.
 */
export function inferDocumentShape(documents: ReadonlyArray<Record<string, unknown>>): ColumnShape[] {
  const byKey = new Map<string, unknown[]>();
  for (const doc of documents) {
    for (const [key, value] of Object.entries(doc)) byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  return [...byKey].map(([name, values]) => shapeOf(name, values));
}

function shapeOf(name: string, values: readonly unknown[]): ColumnShape {
  const lists = values.filter(Array.isArray);
  const list = lists.length > 0;
  const elements = list ? lists.flat() : values;
  const kinds = new Set(elements.map(kindOf).filter((k) => k !== 'null'));
  const mixed = (list && lists.length !== values.filter((v) => v !== null && v !== undefined).length) || (kinds.has('object') && kinds.size > 1);
  if (kinds.has('object') && !mixed) {
    return { name, scalar: null, date: false, list, fields: inferDocumentShape(elements.filter(isPlainObject)), samples: [], mixed: false };
  }
  const samples = elements.filter((v) => v !== null && v !== undefined && !isPlainObject(v));
  return { name, scalar: mixed ? 'String' : scalarOf(kinds), date: !mixed && kinds.size === 1 && kinds.has('date'), list, fields: null, samples, mixed };
}

function scalarOf(kinds: ReadonlySet<Kind>): ColumnShape['scalar'] {
  if (kinds.size === 1 && kinds.has('Int')) return 'Int';
  if (kinds.size > 0 && [...kinds].every((k) => k === 'Int' || k === 'Float')) return 'Float';
  if (kinds.size === 1 && kinds.has('Boolean')) return 'Boolean';
  return 'String';
}
