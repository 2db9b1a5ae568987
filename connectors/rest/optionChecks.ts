import { OptionError } from './OptionError';
import type { HttpMethod, QueryValue } from './RestOptions';

/**
 * Checks of declaration values at the boundary. Each refusal is an OptionError that names the
 * key (`sources.payments.endpoints.payments.search.customerId.batch`) and says what was expected
 * and what came in. Values are described by type, or shown when they
 * are the declaration's own words (a key, a method); never a header value, which may be a secret.
 */
const kind = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

function fail(where: string, expected: string, got: string): never {
  throw new OptionError(where, expected, got);
}

function object(value: unknown, where: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'a mapping', kind(value));
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) fail(where, `keys among ${allowed.join(', ')}`, unknown.join(', '));
  return value as Record<string, unknown>;
}

/** A mapping with any keys (names the declaration chooses: headers, collections, row paths). */
function map(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'a mapping', kind(value));
  return value as Record<string, unknown>;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(where, 'a non-empty string', typeof value === 'string' ? 'an empty one' : kind(value));
  return value;
}

function whole(value: unknown, where: string, range: { min: number; max: number; fallback: number }): number {
  if (value === undefined) return range.fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    fail(where, `a whole number from ${range.min} to ${range.max}`, typeof value === 'number' ? String(value) : kind(value));
  }
  return value;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function method(value: unknown, where: string, fallback: HttpMethod): HttpMethod {
  if (value === undefined) return fallback;
  const upper = typeof value === 'string' ? value.toUpperCase() : value;
  if (!METHODS.includes(upper as HttpMethod)) fail(where, `one of ${METHODS.join(', ')}`, typeof value === 'string' ? JSON.stringify(value) : kind(value));
  return upper as HttpMethod;
}

/** A path template relative to the API root: starts with "/", no query or fragment (those are keys of their own). */
function pathTemplate(value: unknown, where: string): string {
  const path = text(value, where);
  if (!path.startsWith('/') || /[?#\s]/.test(path)) fail(where, 'a path starting with "/", without query, fragment or spaces', JSON.stringify(path));
  return path;
}

const isScalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

function query(value: unknown, where: string): Record<string, QueryValue> {
  if (value === undefined) return {};
  const params = map(value, where);
  for (const [key, v] of Object.entries(params)) {
    if (!isScalar(v) && !(Array.isArray(v) && v.every(isScalar))) fail(`${where}.${key}`, 'a string, number, boolean, or a list of them', kind(v));
  }
  return params as Record<string, QueryValue>;
}

/** A response or row path: dot-separated keys; '' is the value itself. */
function responsePath(value: unknown, where: string, fallback: string | null): string | null {
  if (value === undefined) return fallback;
  if (value === '') return '';
  const path = text(value, where);
  if (path.split('.').some((part) => part === '')) fail(where, 'dot-separated keys', JSON.stringify(path));
  return path;
}

export const optionChecks = { fail, kind, object, map, text, whole, method, pathTemplate, query, responsePath };
