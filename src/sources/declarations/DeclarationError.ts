/** A declaration the gateway cannot serve: names the file and the key, and says what was expected. */
export class DeclarationError extends Error {
  readonly file: string;
  readonly key: string;
  constructor(file: string, key: string, expected: string, got?: string) {
    super(`${file}: ${key}: expected ${expected}${got === undefined ? '' : `, got ${got}`}`);
    this.name = 'DeclarationError';
    this.file = file;
    this.key = key;
  }
}

/** A short, safe description of a value for an error message. */
export const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…"` : text;
};
