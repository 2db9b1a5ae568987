/**
 * What is wrong with a caller's text, said without quoting it (the text may be personal data):
 * a control character (C0, DEL, C1, the Unicode line and paragraph separators) or half of a
 * surrogate pair. Drivers refuse these in different ways — PostgreSQL refuses NUL, MongoDB keeps
 * it, a REST API may answer 400 — so they never reach a source. Null when the text is clean.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const REFUSED = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\uD800-\uDFFF]/u;

export function textProblem(value: string): string | null {
  const match = REFUSED.exec(value);
  if (!match) return null;
  const code = match[0].codePointAt(0) ?? 0;
  const name = code === 0 ? 'NUL' : code >= 0xd800 && code <= 0xdfff ? 'an unpaired surrogate' : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `a control character (${name}) at position ${match.index}`;
}
