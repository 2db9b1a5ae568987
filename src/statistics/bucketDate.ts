import type { DateBucket } from '../policy/Policy';

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date's bucket, as `aggregate` names it: DAY `2020-01-31`, WEEK (ISO 8601) `2020-W05`, MONTH
 * `2020-01`, QUARTER `2020-Q1`, YEAR `2020`; in UTC. Null for a value that is not a date: such
 * records fall in the group without a value, never in a made-up one.
 */
export function bucketDate(value: unknown, bucket: DateBucket): string | null {
  if (value === null || value === undefined || typeof value === 'boolean') return null;
  const date = value instanceof Date ? value : new Date(typeof value === 'number' ? value : String(value));
  const t = date.getTime();
  if (Number.isNaN(t)) return null;
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  switch (bucket) {
    case 'DAY': return `${y}-${pad(m + 1)}-${pad(date.getUTCDate())}`;
    case 'MONTH': return `${y}-${pad(m + 1)}`;
    case 'QUARTER': return `${y}-Q${Math.floor(m / 3) + 1}`;
    case 'YEAR': return String(y);
    case 'WEEK': {
      // The ISO week is the one holding its Thursday; week 1 holds 4 January.
      const day = Date.UTC(y, m, date.getUTCDate());
      const thursday = day + (3 - ((new Date(day).getUTCDay() + 6) % 7)) * DAY_MS;
      const weekYear = new Date(thursday).getUTCFullYear();
      const week = 1 + Math.floor((thursday - Date.UTC(weekYear, 0, 1)) / (7 * DAY_MS));
      return `${weekYear}-W${pad(week)}`;
    }
  }
}
