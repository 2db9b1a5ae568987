import { optionChecks as check } from './optionChecks';
import { pathTemplate } from './pathTemplate';
import type { Paging, SearchEndpoint, ValuesPlacement } from './RestOptions';

const KEYS = ['method', 'path', 'values', 'batch', 'concurrency', 'results', 'page', 'body', 'query'];

/** Where a call's values or keys go: `{ body: key }` or `{ query: key, repeat? }`. Shared with the write endpoints. */
export function parsePlacement(raw: unknown, where: string): ValuesPlacement {
  const spec = check.object(raw, where, ['body', 'query', 'repeat']);
  if ((spec.body === undefined) === (spec.query === undefined)) check.fail(where, 'exactly one of body, query', Object.keys(spec).join(', ') || 'neither');
  if (spec.body !== undefined) {
    if (spec.repeat !== undefined) check.fail(`${where}.repeat`, 'repeat only with query', 'it with body');
    return { in: 'body', key: check.text(spec.body, `${where}.body`) };
  }
  if (spec.repeat !== undefined && typeof spec.repeat !== 'boolean') check.fail(`${where}.repeat`, 'true or false', check.kind(spec.repeat));
  return { in: 'query', key: check.text(spec.query, `${where}.query`), repeat: spec.repeat === true };
}

function parsePaging(raw: unknown, where: string): Paging | null {
  if (raw === undefined) return null;
  const spec = check.object(raw, where, ['param', 'cursor', 'lastRow', 'hasMore']);
  if ((spec.cursor === undefined) === (spec.lastRow === undefined)) check.fail(where, 'exactly one of cursor (a response path), lastRow (a row path)', 'both or neither');
  return {
    param: check.text(spec.param, `${where}.param`),
    cursor: check.responsePath(spec.cursor, `${where}.cursor`, null),
    lastRow: check.responsePath(spec.lastRow, `${where}.lastRow`, null),
    hasMore: check.responsePath(spec.hasMore, `${where}.hasMore`, null),
  };
}

/** One entry of `endpoints.<collection>.search`, checked (RestOptions.ts documents the keys). */
export function parseSearchEndpoint(raw: unknown, where: string): SearchEndpoint {
  const spec = check.object(raw, where, KEYS);
  const path = check.pathTemplate(spec.path, `${where}.path`);
  const names = pathTemplate.placeholders(path);
  const perValue = names.includes('value');
  const other = names.filter((n) => n !== 'value');
  if (other.length > 0) check.fail(`${where}.path`, 'no placeholder but {value}', other.map((n) => `{${n}}`).join(', '));
  if (perValue && spec.values !== undefined) check.fail(`${where}.values`, 'no values key with {value} in the path (one call per value)', 'one');
  if (!perValue && spec.values === undefined) check.fail(where, 'values ({ body: key } or { query: key }), or {value} in the path', 'neither');
  const values: ValuesPlacement = perValue ? { in: 'path' } : parsePlacement(spec.values, `${where}.values`);
  const method = check.method(spec.method, `${where}.method`, values.in === 'body' ? 'POST' : 'GET');
  const bodyless = method === 'GET' || method === 'DELETE';
  if (bodyless && (values.in === 'body' || spec.body !== undefined)) check.fail(`${where}.method`, 'a method with a body (POST, PUT, PATCH) for a body', method);
  if (perValue && spec.batch !== undefined && spec.batch !== 1) check.fail(`${where}.batch`, '1 (or nothing) with {value} in the path', typeof spec.batch === 'number' ? String(spec.batch) : check.kind(spec.batch));
  return {
    method,
    path,
    values,
    batch: perValue ? 1 : check.whole(spec.batch, `${where}.batch`, { min: 1, max: 10_000, fallback: 100 }),
    concurrency: check.whole(spec.concurrency, `${where}.concurrency`, { min: 1, max: 16, fallback: 4 }),
    results: check.responsePath(spec.results, `${where}.results`, '') ?? '',
    page: parsePaging(spec.page, `${where}.page`),
    body: spec.body === undefined ? null : check.map(spec.body, `${where}.body`),
    query: check.query(spec.query, `${where}.query`),
  };
}
