/**
 * A declaration key the rest kind refuses, before the file it came from is known: the option
 * checks throw it, and `parseRestOptions` turns it into the gateway's `DeclarationError` with
 * the file named. Internal: nothing outside this folder sees it.
 */
export class OptionError extends Error {
  readonly key: string;
  readonly expected: string;
  readonly got: string;
  constructor(key: string, expected: string, got: string) {
    super(`${key}: expected ${expected}, got ${got}`);
    this.name = 'OptionError';
    this.key = key;
    this.expected = expected;
    this.got = got;
  }
}
