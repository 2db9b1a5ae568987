import { badInput } from '../errors';

/** Relay-style page size: default 20, at most 100; anything else is BAD_USER_INPUT. */
export function pageSize(first: unknown, fallback = 20, max = 100): number {
  if (first === undefined || first === null) return fallback;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > max) throw badInput(`first: expected an integer from 1 to ${max}, got ${String(first)}`);
  return first;
}

/** A Relay connection of one forward page (`first`/`after`): `hasPreviousPage` is false, as Relay allows for forward paging. */
export function connection<T>(nodes: readonly T[], cursorOf: (node: T) => string, hasNextPage: boolean) {
  const edges = nodes.map((node) => ({ node, cursor: cursorOf(node) }));
  return { edges, pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null } };
}
