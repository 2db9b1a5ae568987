import { describeValue, quote } from './describeValue';

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Collection names become file names in the embedded store: letters, digits, "_" and "-" only. */
export function validateCollectionName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    const got = typeof name === 'string' ? quote(name) : describeValue(name);
    throw new TypeError(`expected a collection name of letters, digits, "_" or "-" starting with a letter (at most 64), got ${got}`);
  }
  return name;
}
