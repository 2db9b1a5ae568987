/**
 * A time as the gateway's documents carry it: an ISO 8601 string in UTC with milliseconds, the
 * form `Date#toISOString` gives. The SQL adapters return `timestamptz` as a Date; documents and
 * cursors compare these strings, so every owner turns its times back through here.
 */
export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // Not `instanceof`: a Date made in another realm (a worker's message, a test sandbox) is a Date too.
  if (Object.prototype.toString.call(value) === '[object Date]') return new Date((value as Date).getTime()).toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  throw new TypeError(`expected a Date or an ISO 8601 string, got ${typeof value === 'string' ? 'an unparsable string' : typeof value}`);
}

/**
 * The SQL expression rendering a timestamptz column as `iso` does, whatever the session's time
 * zone: for values built inside the database (json_build_object), where no Date comes back.
 */
export const isoSql = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
