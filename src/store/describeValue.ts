/**
 * Names the kind of a value for a "got X" message. Never the value itself: filters and documents
 * carry personal data (emails, phones), and error messages end up in logs.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isDate(value)) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date';
  if (value instanceof RegExp) return 'a RegExp';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? 'a number' : String(value);
    case 'object': {
      if (isPlainObject(value)) return 'an object';
      const name = (value as { constructor?: { name?: string } }).constructor?.name;
      return name ? `an instance of ${name}` : 'an object';
    }
    default:
      return `a ${typeof value}`;
  }
}

/** A field path or operator name, quoted and bounded, for messages (names are not personal data). */
export const quote = (name: string): string => JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);

/**
 * An object literal (or `Object.create(null)`), from any realm: a test runner's sandbox or a
 * worker may hand over objects whose `Object.prototype` is not this module's.
 */
export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // This realm's literals, decided without toString (the embedded store asks per document and field).
  if ((proto === Object.prototype || proto === null) && !(Symbol.toStringTag in value)) return true;
  if (Object.prototype.toString.call(value) !== '[object Object]') return false;
  return proto === null || Object.getPrototypeOf(proto) === null;
};

/** A Date from any realm. */
export const isDate = (value: unknown): value is Date => Object.prototype.toString.call(value) === '[object Date]';
