import { pathTemplate } from './pathTemplate';
import { queryString } from './queryString';
import type { RestRequest } from './RestRequest';
import type { SearchEndpoint } from './RestOptions';

const sendsBody = (method: string): boolean => method !== 'GET' && method !== 'DELETE';

/**
 * The call for one batch of values of a search endpoint (exactly one value when the values go in
 * the path), and the page after `cursor` when there is one. Values go where the endpoint says:
 * a body array, a query parameter (comma-joined, or repeated), or the path template's {value}.
 * The cursor goes in the body of a call that has one, in the query otherwise. Pure.
 */
export function buildSearchRequest(endpoint: SearchEndpoint, options: { values: readonly unknown[]; cursor?: string | null }): RestRequest {
  const { values } = options;
  const most = endpoint.values.in === 'path' ? 1 : endpoint.batch;
  if (values.length === 0 || values.length > most) throw new TypeError(`expected 1 to ${most} values for ${endpoint.method} ${endpoint.path}, got ${values.length}`);
  const query: Record<string, string | number | boolean | ReadonlyArray<string | number | boolean>> = { ...endpoint.query };
  const body: Record<string, unknown> | null = endpoint.body === null ? null : { ...endpoint.body };
  const placement = endpoint.values;
  let path = endpoint.path;
  if (placement.in === 'path') path = pathTemplate.fill(endpoint.path, { value: values[0] });
  else if (placement.in === 'query') {
    const strings = values.map((v) => {
      if ((typeof v !== 'string' || v === '') && !(typeof v === 'number' && Number.isFinite(v))) throw new TypeError(`expected values for the query of ${endpoint.method} ${endpoint.path} to be non-empty strings or numbers, got ${v === null ? 'null' : typeof v}`);
      // Joined with commas, a value holding one would be read back as two.
      if (!placement.repeat && String(v).includes(',')) throw new TypeError(`expected values for the comma-joined query of ${endpoint.method} ${endpoint.path} without commas, got one with a comma (declare repeat: true)`);
      return String(v);
    });
    query[placement.key] = placement.repeat ? strings : strings.join(',');
  }
  const withBody = sendsBody(endpoint.method) ? (body ?? {}) : null;
  if (placement.in === 'body') {
    if (withBody === null) throw new TypeError(`expected a method with a body for values in the body of ${endpoint.method} ${endpoint.path}`);
    withBody[placement.key] = [...values];
  }
  if (options.cursor != null && endpoint.page) {
    if (withBody !== null) withBody[endpoint.page.param] = options.cursor;
    else query[endpoint.page.param] = options.cursor;
  }
  const route = `${endpoint.method} ${endpoint.path}`;
  return { method: endpoint.method, route, path: path + queryString(query), ...(withBody === null ? {} : { body: withBody }) };
}
