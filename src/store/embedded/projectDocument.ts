import { isPlainObject } from '../describeValue';

/**
 * An inclusion projection as MongoDB applies it: `_id` always, each listed path where present,
 * paths through arrays kept per element (`items.sku` → `items: [{ sku }, …]`).
 */
export function projectDocument<T extends { _id: string }>(doc: T, projection: Record<string, 1> | undefined): T {
  if (projection === undefined || Object.keys(projection).length === 0) return doc;
  const out: Record<string, unknown> = { _id: doc._id };
  for (const path of Object.keys(projection)) copyPath(doc, out, path.split('.'));
  return out as T;
}

function copyPath(from: Record<string, unknown>, to: Record<string, unknown>, segments: string[]): void {
  const [head, ...rest] = segments as [string, ...string[]];
  if (!Object.hasOwn(from, head)) return;
  const value = from[head];
  if (rest.length === 0) {
    to[head] = value;
    return;
  }
  if (isPlainObject(value)) {
    const target = isPlainObject(to[head]) ? (to[head] as Record<string, unknown>) : {};
    copyPath(value, target, rest);
    to[head] = target;
  } else if (Array.isArray(value)) {
    const existing = Array.isArray(to[head]) ? (to[head] as unknown[]) : [];
    to[head] = value.flatMap((item, i) => {
      if (!isPlainObject(item)) return [];
      const target = isPlainObject(existing[i]) ? (existing[i] as Record<string, unknown>) : {};
      copyPath(item, target, rest);
      return [target];
    });
  }
}
