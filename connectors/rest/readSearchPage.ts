import type { SearchEndpoint } from './RestOptions';
import { valueAt } from './valueAt';

export interface SearchPage {
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** Where the next page starts; null on the last page. */
  readonly next: string | null;
}

const kind = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);
const isRow = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const at = (path: string): string => (path === '' ? 'the body' : `"${path}"`);

function cursorOf(value: unknown, where: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new TypeError(`expected a cursor string at ${where}, got ${kind(value)}`);
}

/**
 * One answer of a search endpoint, checked against its declaration: the rows at `results` (an
 * array of objects, one object, or null for none) and the next page's cursor. A page that says
 * there is more must say where; a cursor that does not advance is refused (the API would loop).
 * Messages name declared paths and JSON types, never values: rows are personal data. Pure.
 */
export function readSearchPage(endpoint: SearchEndpoint, body: unknown, previous: string | null): SearchPage {
  const found = valueAt(body, endpoint.results);
  const list = found === undefined || found === null ? [] : Array.isArray(found) ? found : [found];
  const bad = list.find((row) => !isRow(row));
  if (bad !== undefined || (found !== undefined && found !== null && !Array.isArray(found) && !isRow(found))) {
    throw new TypeError(`expected rows (objects) at ${at(endpoint.results)}, got ${kind(bad ?? found)}`);
  }
  if (found === undefined && endpoint.results !== '') throw new TypeError(`expected rows at ${at(endpoint.results)}, got nothing there`);
  const rows = list as Array<Record<string, unknown>>;
  const page = endpoint.page;
  if (!page || rows.length === 0) return { rows, next: null };
  let more = true;
  if (page.hasMore !== null) {
    const flag = valueAt(body, page.hasMore);
    if (typeof flag !== 'boolean') throw new TypeError(`expected a boolean at "${page.hasMore}", got ${kind(flag)}`);
    more = flag;
  }
  if (!more) return { rows, next: null };
  const next = page.cursor !== null ? cursorOf(valueAt(body, page.cursor), `"${page.cursor}"`) : cursorOf(valueAt(rows.at(-1), page.lastRow ?? ''), `"${page.lastRow}" of the last row`);
  if (next === null && page.hasMore !== null) throw new TypeError(`expected a cursor when "${page.hasMore}" is true, got none`);
  if (next !== null && next === previous) throw new TypeError('expected the cursor to advance, got the same cursor twice');
  return { rows, next };
}
