import { PROCESSOR_LIMITS } from '../ProcessorApi';
import { ApiError } from './ApiError';
import type { PagePosition } from './ProcessorStore';

/**
 * Validation of what callers send, at the boundary: each refusal is a 400 that says what was
 * expected and what came in, as a processor's API documents its parameters.
 */
const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function object(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  const value = body ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw ApiError.invalid(`expected a JSON object body, got ${show(value)}`);
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw ApiError.invalid(`expected parameters among ${allowed.join(', ')}, got ${unknown.join(', ')}`);
  return value as Record<string, unknown>;
}

function limit(raw: unknown): number {
  if (raw === undefined || raw === null) return PROCESSOR_LIMITS.defaultPageSize;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > PROCESSOR_LIMITS.maxPageSize) {
    throw ApiError.invalid(`expected limit to be an integer from 1 to ${PROCESSOR_LIMITS.maxPageSize}, got ${show(raw)}`);
  }
  return n;
}

function ids(raw: unknown, options: { name: string; max: number; min?: number }): string[] {
  if (!Array.isArray(raw) || raw.length < (options.min ?? 0) || raw.length > options.max) {
    throw ApiError.invalid(`expected ${options.name} to be an array of ${options.min ?? 0} to ${options.max} ids, got ${Array.isArray(raw) ? `${raw.length} items` : show(raw)}`);
  }
  const bad = raw.find((id) => typeof id !== 'string' || !ID.test(id));
  if (bad !== undefined) throw ApiError.invalid(`expected ${options.name} to hold ids of letters, digits, "_" or "-", got ${show(bad)}`);
  return [...new Set(raw as string[])];
}

function flag(raw: unknown, name: string, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw ApiError.invalid(`expected ${name} to be true or false, got ${show(raw)}`);
}

/** Cursors are opaque to callers: (createdAt, id) of the last item, so a page boundary survives deletions. */
const encodeCursor = (p: PagePosition): string => Buffer.from(JSON.stringify([p.createdAt, p.id])).toString('base64url');

function decodeCursor(raw: unknown): PagePosition | undefined {
  if (raw === undefined) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(String(raw), 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // falls through to the refusal below
  }
  throw ApiError.invalid(`expected starting_after to be a next_cursor from a previous page, got ${show(raw)}`);
}

function text(raw: unknown, options: { name: string; max: number }): string {
  if (typeof raw !== 'string' || raw.trim().length === 0 || raw.length > options.max) {
    throw ApiError.invalid(`expected ${options.name} to be a non-empty string of at most ${options.max} characters, got ${typeof raw === 'string' ? `${raw.length} characters` : show(raw)}`);
  }
  return raw;
}

function pathId(raw: string, prefix: string): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    throw ApiError.invalid(`expected a ${prefix}... id in the path, got a malformed escape`);
  }
  if (!ID.test(id)) throw ApiError.invalid(`expected a ${prefix}... id in the path, got ${show(id)}`);
  return id;
}

export const requestParams = { object, limit, ids, flag, text, pathId, encodeCursor, decodeCursor };
