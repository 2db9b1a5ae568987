/**
 * An ISO 8601 duration (`P3Y`, `P1Y6M`, `P2W`, `PT1S`), as the policy's `keepFor` writes it. No
 * maintained library of the dependency set parses them (Temporal is not in Node 20), so this is
 * the one small parser; calendar parts are added in UTC, as `addYears` adds a hold's years.
 */
export interface IsoDuration {
  readonly text: string;
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** The duration, or null when `text` is not one (or is `P`/`PT` with no part). */
export function parseIsoDuration(text: string): IsoDuration | null {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  return { text, years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** `date` moved by `sign` × the duration: calendar parts first (months keep the day where it exists), then clock parts. */
export function shiftByDuration(date: Date, duration: IsoDuration, sign: 1 | -1 = 1): Date {
  const out = new Date(date);
  out.setUTCFullYear(out.getUTCFullYear() + sign * duration.years, out.getUTCMonth() + sign * duration.months, out.getUTCDate() + sign * (duration.weeks * 7 + duration.days));
  const clockMs = ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
  return new Date(out.getTime() + sign * clockMs);
}

/** Whether `a` lasts longer than `b`, measured from the same instant. */
export function longerThan(a: IsoDuration, b: IsoDuration, from: Date = new Date(0)): boolean {
  return shiftByDuration(from, a).getTime() > shiftByDuration(from, b).getTime();
}
