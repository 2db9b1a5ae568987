import { bodyTemplate } from './bodyTemplate';
import { pathTemplate } from './pathTemplate';
import { queryString } from './queryString';
import type { RestRequest } from './RestRequest';
import type { WriteEndpoint } from './RestOptions';

/** One record's key, as the templates see it: `id` (the parts joined with ":"), and each part by its path. */
export type KeyVars = Readonly<Record<string, unknown>>;

/**
 * The call that writes `vars` (the values written, by top-level path, or { note } for an
 * annotation) to the records of `keys`: exactly one key when it goes in the path ({id}), up to
 * the endpoint's batch otherwise, as a body array or a query parameter of the keys' ids. Pure.
 */
export function buildWriteRequest(endpoint: WriteEndpoint, options: { keys: readonly KeyVars[]; vars: Readonly<Record<string, unknown>> }): RestRequest {
  const { keys } = options;
  const most = endpoint.keys.in === 'path' ? 1 : endpoint.batch;
  if (keys.length === 0 || keys.length > most) throw new TypeError(`expected 1 to ${most} keys for ${endpoint.method} ${endpoint.path}, got ${keys.length}`);
  const query: Record<string, string | number | boolean | ReadonlyArray<string | number | boolean>> = { ...endpoint.query };
  const placement = endpoint.keys;
  // In the path, a key's parts fill the template; the written values never do (they may be personal).
  const path = placement.in === 'path' ? pathTemplate.fill(endpoint.path, keys[0] as KeyVars) : endpoint.path;
  const ids = keys.map((k) => String(k.id));
  if (placement.in === 'query') query[placement.key] = placement.repeat ? ids : ids.join(',');
  let body = endpoint.body === null ? undefined : bodyTemplate.fill(endpoint.body, placement.in === 'path' ? { ...options.vars, ...keys[0] } : options.vars);
  if (placement.in === 'body') {
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) throw new TypeError(`expected the body of ${endpoint.method} ${endpoint.path} to be a mapping, to carry the keys in ${placement.key}`);
    body = { ...(body as Record<string, unknown> | undefined), [placement.key]: ids };
  }
  return { method: endpoint.method, route: `${endpoint.method} ${endpoint.path}`, path: path + queryString(query), ...(body === undefined ? {} : { body }) };
}
