import type { FindOptions, Sort } from './DocumentStore';
import { describeValue, isPlainObject, quote } from './describeValue';
import { assertDisjointPaths, validatePath } from './validatePath';

/** `sort` (1 | -1 per path), `limit`/`skip` (integers ≥ 0; limit 0 = none), inclusion `projection`. */
export function validateFindOptions(options: unknown): asserts options is FindOptions | undefined {
  if (options === undefined) return;
  if (!isPlainObject(options)) throw new TypeError(`expected an options object, got ${describeValue(options)}`);
  if (options.sort !== undefined) validateSort(options.sort, 'sort');
  for (const key of ['limit', 'skip'] as const) {
    const n = options[key];
    if (n !== undefined && !(Number.isSafeInteger(n) && (n as number) >= 0)) {
      throw new TypeError(`expected ${key} to be an integer ≥ 0, got ${describeValue(n)}`);
    }
  }
  if (options.projection !== undefined) validateProjection(options.projection);
}

export function validateSort(sort: unknown, where: string): asserts sort is Sort {
  if (!isPlainObject(sort)) throw new TypeError(`expected ${where} to be an object of field paths → 1 | -1, got ${describeValue(sort)}`);
  for (const [path, direction] of Object.entries(sort)) {
    validatePath(path, where);
    if (direction !== 1 && direction !== -1) throw new TypeError(`expected 1 or -1 for ${quote(path)} in ${where}, got ${describeValue(direction)}`);
  }
}

function validateProjection(projection: unknown): void {
  if (!isPlainObject(projection)) throw new TypeError(`expected projection to be an object of field paths → 1, got ${describeValue(projection)}`);
  for (const [path, include] of Object.entries(projection)) {
    validatePath(path, 'projection');
    if (include !== 1) throw new TypeError(`expected 1 for ${quote(path)} in projection (inclusion only), got ${describeValue(include)}`);
  }
  assertDisjointPaths(Object.keys(projection), 'projection');
}

/** `iterate`'s page size: 1..10 000, default 500. */
export function validateBatchSize(batchSize: unknown): number {
  if (batchSize === undefined) return 500;
  if (!Number.isSafeInteger(batchSize) || (batchSize as number) < 1 || (batchSize as number) > 10_000) {
    throw new TypeError(`expected batchSize to be an integer from 1 to 10000, got ${describeValue(batchSize)}`);
  }
  return batchSize as number;
}
