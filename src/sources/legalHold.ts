import type { ErasePlan, LegalHold } from './Connector';

/**
 * How legal holds apply to one record, the same for every connector (pure: `planErase` and
 * `erase` must agree). A hold covers a record when one of its categories overlaps one the record
 * holds — hierarchically, either way round ("payment" covers "payment.transaction"; "*" covers
 * everything) — and runs for `years` after the record's date. The longest running hold names it.
 * An undated record cannot be shown to be past a hold, so its holds run from the erasure itself.
 */
export function longestHold(options: { holds: readonly LegalHold[]; categories: readonly string[]; createdAt: string | Date | null; now: Date }): { until: string; hold: string } | null {
  const parsed = options.createdAt === null ? Number.NaN : new Date(options.createdAt).getTime();
  const from = Number.isNaN(parsed) ? options.now : new Date(parsed);
  let best: { until: Date; hold: string } | null = null;
  for (const hold of options.holds) {
    if (!hold.categories.some((held) => options.categories.some((c) => overlaps(held, c)))) continue;
    const until = addYears(from, hold.years);
    if (until.getTime() > options.now.getTime() && (best === null || until > best.until)) best = { until, hold: hold.name };
  }
  return best && { until: best.until.toISOString(), hold: best.hold };
}

export function overlaps(holdCategory: string, recordCategory: string): boolean {
  const hold = holdCategory.replace(/\.\*$/, '');
  return hold === '*' || hold === recordCategory || recordCategory.startsWith(`${hold}.`) || hold.startsWith(`${recordCategory}.`);
}

/** Calendar arithmetic in UTC: whole years keep the date (a 5-year hold from 2026-06-15 ends 2031-06-15); fractions by months. */
export function addYears(date: Date, years: number): Date {
  const end = new Date(date);
  if (Number.isInteger(years)) end.setUTCFullYear(end.getUTCFullYear() + years);
  else end.setUTCMonth(end.getUTCMonth() + Math.round(years * 12));
  return end;
}

/** Misuse of the plan is a TypeError that says what was expected, before any record is touched. */
export function checkErasePlan(plan: ErasePlan): void {
  if (plan.action !== 'delete' && plan.action !== 'depersonalize') throw new TypeError(`expected plan.action "delete" or "depersonalize", got ${JSON.stringify(plan.action)}`);
  if (Object.prototype.toString.call(plan.now) !== '[object Date]' || Number.isNaN(plan.now.getTime())) throw new TypeError('expected plan.now to be a valid Date, got another value');
  if (!Array.isArray(plan.holds)) throw new TypeError(`expected plan.holds to be an array, got ${typeof plan.holds}`);
  for (const hold of plan.holds) {
    if (!Number.isFinite(hold.years) || hold.years <= 0) throw new TypeError(`expected hold "${hold.name}" to last a positive number of years, got ${hold.years}`);
    if (!Array.isArray(hold.categories)) throw new TypeError(`expected hold "${hold.name}" to list categories, got ${typeof hold.categories}`);
  }
}
