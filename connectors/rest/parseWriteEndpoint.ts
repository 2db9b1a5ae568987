import { bodyTemplate } from './bodyTemplate';
import { optionChecks as check } from './optionChecks';
import { parsePlacement } from './parseSearchEndpoint';
import { pathTemplate } from './pathTemplate';
import type { HttpMethod, ValuesPlacement, WriteEndpoint } from './RestOptions';

const KEYS = ['method', 'path', 'keys', 'batch', 'concurrency', 'body', 'query', 'count'];

/**
 * One of `update`, `restrict`, `delete`, `annotate` (RestOptions.ts documents the keys), checked.
 * Per key ({id} or primary key parts in the path) or batched (`keys`); `requires` names the
 * placeholders the body must carry (the restrict flag, the note).
 */
export function parseWriteEndpoint(raw: unknown, options: { where: string; method: HttpMethod; primaryKey: readonly string[]; requires?: readonly string[] }): WriteEndpoint {
  const { where } = options;
  const spec = check.object(raw, where, KEYS);
  const path = check.pathTemplate(spec.path, `${where}.path`);
  const names = pathTemplate.placeholders(path);
  const keyNames = [...new Set(['id', ...options.primaryKey])];
  const unknown = names.filter((n) => !keyNames.includes(n));
  if (unknown.length > 0) check.fail(`${where}.path`, `placeholders among ${keyNames.map((n) => `{${n}}`).join(', ')}`, unknown.map((n) => `{${n}}`).join(', '));
  const perKey = names.length > 0;
  if (perKey && spec.keys !== undefined) check.fail(`${where}.keys`, 'no keys with {id} in the path (one call per record)', 'keys');
  if (!perKey && spec.keys === undefined) check.fail(where, 'keys ({ body: key } or { query: key }), or {id} in the path', 'neither');
  const keys: ValuesPlacement = perKey ? { in: 'path' } : parsePlacement(spec.keys, `${where}.keys`);
  const method = check.method(spec.method, `${where}.method`, options.method);
  const bodyless = method === 'GET' || method === 'DELETE';
  if (method === 'GET') check.fail(`${where}.method`, 'a method that writes (POST, PUT, PATCH, DELETE)', method);
  const body = spec.body === undefined ? null : spec.body;
  if (bodyless && (keys.in === 'body' || body !== null)) check.fail(`${where}.method`, 'a method with a body (POST, PUT, PATCH) for a body', method);
  const placeholders = bodyTemplate.placeholders(body);
  const missing = (options.requires ?? []).filter((name) => !placeholders.includes(name));
  if (missing.length > 0) check.fail(`${where}.body`, `a body carrying ${missing.map((n) => `"{${n}}"`).join(', ')}`, placeholders.length === 0 ? 'none' : placeholders.map((n) => `"{${n}}"`).join(', '));
  if (perKey && spec.batch !== undefined && spec.batch !== 1) check.fail(`${where}.batch`, '1 (or nothing) with {id} in the path', typeof spec.batch === 'number' ? String(spec.batch) : check.kind(spec.batch));
  return {
    method,
    path,
    keys,
    batch: perKey ? 1 : check.whole(spec.batch, `${where}.batch`, { min: 1, max: 10_000, fallback: 100 }),
    concurrency: check.whole(spec.concurrency, `${where}.concurrency`, { min: 1, max: 16, fallback: 4 }),
    body,
    placeholders,
    query: check.query(spec.query, `${where}.query`),
    count: check.responsePath(spec.count, `${where}.count`, null),
  };
}
