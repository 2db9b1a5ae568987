/** `?a=1&b=x&b=y` from parameters (an array repeats its key), '' when there are none. Values URI-encoded. */
export function queryString(params: Readonly<Record<string, string | number | boolean | ReadonlyArray<string | number | boolean>>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
