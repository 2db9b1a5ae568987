import { DeclarationError } from '../../src/sources/declarations/DeclarationError';
import type { SourceDeclaration } from '../../src/sources/declarations/SourceDeclaration';
import { OptionError } from './OptionError';
import { optionChecks as check } from './optionChecks';
import { parseSearchEndpoint } from './parseSearchEndpoint';
import { parseWriteEndpoint } from './parseWriteEndpoint';
import type { CollectionEndpoints, HttpMethod, RestOptions } from './RestOptions';

/** The keys a declaration of kind rest adds (restKind registers them with the declaration reader). */
export const REST_KEYS = ['auth', 'headers', 'timeoutMs', 'health', 'endpoints'] as const;
/** `dir`: the declaring file's folder, which the reader adds to every source's options. */
const KEYS = ['url', 'dir', ...REST_KEYS];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The API root: absolute http(s), no credentials (they go in `auth`), no query; without its trailing slash. */
function parseUrl(raw: unknown, where: string): string {
  const text = check.text(raw, where);
  if (text.includes('${')) check.fail(where, 'a URL with its ${VAR} expanded from the environment', 'an unexpanded reference');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return check.fail(where, 'an absolute http(s) URL', 'text that does not parse as one');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') check.fail(where, 'an http(s) URL', `protocol ${url.protocol}`);
  if (url.username || url.password || url.search || url.hash) check.fail(where, 'a URL without credentials, query or fragment (credentials go in auth)', 'a URL with them');
  return url.href.replace(/\/+$/, '');
}

/** A header value is never shown: the auth header's is a secret, and others are checked the same way. */
function headerValue(raw: unknown, where: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') return check.fail(where, 'a non-empty string', typeof raw === 'string' ? 'an empty one' : check.kind(raw));
  if (/[\r\n\0]/.test(raw)) check.fail(where, 'a header value on one line', 'one with a line break or NUL');
  if (raw.includes('${')) check.fail(where, 'a value with its ${VAR} expanded from the environment', 'an unexpanded reference');
  return raw;
}

function headerName(raw: unknown, where: string): string {
  const name = check.text(raw, where);
  if (!HEADER_NAME.test(name)) check.fail(where, 'an HTTP header name', JSON.stringify(name));
  return name;
}

function parseHeaders(options: Record<string, unknown>, where: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.headers !== undefined) {
    for (const [name, value] of Object.entries(check.map(options.headers, `${where}.headers`))) headers[headerName(name, `${where}.headers`)] = headerValue(value, `${where}.headers.${name}`);
  }
  if (options.auth !== undefined) {
    const auth = check.object(options.auth, `${where}.auth`, ['header', 'value']);
    headers[headerName(auth.header, `${where}.auth.header`)] = headerValue(auth.value, `${where}.auth.value`);
  }
  return headers;
}

function parseHealth(raw: unknown, where: string): { method: HttpMethod; path: string } {
  if (raw === undefined) check.fail(where, 'a health endpoint (a path answering 2xx when the API is up)', 'none');
  if (typeof raw === 'string') return { method: 'GET', path: check.pathTemplate(raw, where) };
  const spec = check.object(raw, where, ['method', 'path']);
  return { method: check.method(spec.method, `${where}.method`, 'GET'), path: check.pathTemplate(spec.path, `${where}.path`) };
}

/** The row paths the engine selects a collection by: its identities, and the references that reach it. */
function searchedPaths(declaration: SourceDeclaration, collection: string): string[] {
  const own = declaration.collections.find((c) => c.name === collection)?.identities.map((i) => i.from) ?? [];
  const reached = declaration.edges.filter((e) => e.toCollection === collection).map((e) => e.toPath);
  return [...new Set([...own, ...reached])];
}

function parseCollection(declaration: SourceDeclaration, name: string, raw: unknown, where: string): CollectionEndpoints {
  const collection = declaration.collections.find((c) => c.name === name);
  if (!collection) return check.fail(where, `collections of the source (${declaration.collections.map((c) => c.name).join(', ')})`, JSON.stringify(name));
  // Rows are told apart, and written back, by their key: without one every row would be the same record.
  if (collection.primaryKey.length === 0) check.fail(where, `a primaryKey for collection ${name} (the path of each record's id)`, 'none');
  const spec = check.object(raw, where, ['search', 'update', 'restrict', 'delete', 'annotate']);
  const search = Object.fromEntries(Object.entries(check.map(spec.search ?? {}, `${where}.search`)).map(([path, s]) => [path, parseSearchEndpoint(s, `${where}.search.${path}`)]));
  const unsearchable = searchedPaths(declaration, name).filter((path) => !Object.hasOwn(search, path));
  if (unsearchable.length > 0) check.fail(`${where}.search`, `a search for every identity and reference path (${unsearchable.join(', ')})`, Object.keys(search).join(', ') || 'none');
  const primaryKey = collection.primaryKey;
  const write = (key: 'update' | 'restrict' | 'delete' | 'annotate', method: HttpMethod, requires: readonly string[] = []) =>
    spec[key] === undefined ? null : parseWriteEndpoint(spec[key], { where: `${where}.${key}`, method, primaryKey, requires });
  if (spec.restrict !== undefined && collection.restrictFlag === null) check.fail(`${where}.restrict`, 'a restrict endpoint only for a collection that declares a restrict flag', 'one without');
  return {
    search,
    update: write('update', 'PATCH'),
    restrict: write('restrict', 'POST', collection.restrictFlag === null ? [] : [collection.restrictFlag]),
    delete: write('delete', 'DELETE'),
    annotate: write('annotate', 'POST', ['note']),
  };
}

/**
 * The `kind: rest` keys of a declaration (RestOptions.ts, docs/sources.md), checked at start-up:
 * an unknown key, a collection without endpoints, or an identity the API cannot be searched by
 * stops the gateway with a DeclarationError naming the file and key, never a header's value.
 * `defaultTimeoutMs` bounds each exchange when the declaration sets no `timeoutMs` (the gateway's SOURCE_TIMEOUT_MS).
 */
export function parseRestOptions(declaration: SourceDeclaration, defaultTimeoutMs = 2000): RestOptions {
  try {
    return parse(declaration, `sources.${declaration.name}`, defaultTimeoutMs);
  } catch (error) {
    if (error instanceof OptionError) throw new DeclarationError(declaration.file, error.key, error.expected, error.got);
    throw error;
  }
}

function parse(declaration: SourceDeclaration, where: string, defaultTimeoutMs: number): RestOptions {
  const options = check.object(declaration.options, where, KEYS);
  const endpoints = check.map(options.endpoints, `${where}.endpoints`);
  const missing = declaration.collections.filter((c) => !Object.hasOwn(endpoints, c.name)).map((c) => c.name);
  if (missing.length > 0) check.fail(`${where}.endpoints`, `endpoints for every collection (${missing.join(', ')})`, Object.keys(endpoints).join(', ') || 'none');
  return {
    url: parseUrl(options.url, `${where}.url`),
    headers: parseHeaders(options, where),
    timeoutMs: check.whole(options.timeoutMs, `${where}.timeoutMs`, { min: 1, max: 600_000, fallback: defaultTimeoutMs }),
    health: parseHealth(options.health, `${where}.health`),
    collections: Object.fromEntries(Object.entries(endpoints).map(([name, raw]) => [name, parseCollection(declaration, name, raw, `${where}.endpoints.${name}`)])),
  };
}
