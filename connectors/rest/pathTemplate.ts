/**
 * Path templates (`/v1/customers/{id}`): placeholders in braces, filled with URI-encoded values.
 * A value that is not a non-empty string or a finite number is refused by type, never shown:
 * what fills a path is an id or an identity, personal data. "." and ".." are refused too: URL
 * parsing would resolve them as path segments (encoded or not) and send the call elsewhere.
 */
const PLACEHOLDER = /\{([^{}/]+)\}/g;

function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

function fill(template: string, vars: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = vars[name];
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
      const got = value === '' ? 'an empty string' : value === '.' || value === '..' ? 'a dot segment' : value === null ? 'null' : typeof value;
      throw new TypeError(`expected {${name}} of ${template} to be a non-empty string or a number, got ${got}`);
    }
    return encodeURIComponent(value);
  });
}

export const pathTemplate = { placeholders, fill };
