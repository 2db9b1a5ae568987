/** An optional numeric option: `fallback` when absent, TypeError unless a positive integer. */
export function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new TypeError(`expected ${name} to be a positive integer, got ${String(value)}`);
  return value;
}
