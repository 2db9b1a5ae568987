/**
 * Checks a call's arguments at the port's boundary, the same way for every adapter: the drivers
 * disagree on `undefined` (one sends NULL, the other throws), and a silent NULL hides a bug.
 * Throws TypeError saying what was expected and what came in; never echoes a value.
 */
export function assertQueryArgs(text: unknown, params: unknown): void {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new TypeError(`expected the statement to be a non-empty string, got ${typeof text === 'string' ? 'an empty string' : typeof text}`);
  }
  if (params === undefined) return;
  if (!Array.isArray(params)) throw new TypeError(`expected params to be an array, got ${params === null ? 'null' : typeof params}`);
  params.forEach((value: unknown, i) => {
    const type = typeof value;
    if (type === 'undefined' || type === 'function' || type === 'symbol') {
      throw new TypeError(`expected parameter $${i + 1} to be a value or null, got ${type}`);
    }
  });
}
