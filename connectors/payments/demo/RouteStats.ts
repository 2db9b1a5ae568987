/**
 * Requests counted per route at the processor, so tests can check how many calls a connector
 * made AT the source (one batched search, not one per key) rather than trusting the client.
 * A request counts once it matched a route, whether it was answered, refused or faulted.
 */
export interface RouteStats<Route extends string = string> {
  count(route: Route | 'unmatched'): number;
  /** All requests, matched or not. */
  total(): number;
  snapshot(): Record<string, number>;
  reset(): void;
}

export function createRouteStats<Route extends string>(): RouteStats<Route> & { record(route: Route | 'unmatched'): void } {
  const counts = new Map<string, number>();
  return {
    record: (route) => void counts.set(route, (counts.get(route) ?? 0) + 1),
    count: (route) => counts.get(route) ?? 0,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    snapshot: () => Object.fromEntries(counts),
    reset: () => counts.clear(),
  };
}
