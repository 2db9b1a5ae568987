/** A policy file that cannot be enforced. The message names the key and what was expected. */
export class PolicyError extends Error {
  constructor(path: string, expected: string, got: unknown) {
    super(`policy ${path}: expected ${expected}, got ${describe(got)}`);
    this.name = 'PolicyError';
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
