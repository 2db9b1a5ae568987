import type { Deadlines } from '../policy/Policy';

/** Adds working days (Monday–Friday; public holidays are not modelled: see README). */
export function addWorkingDays(from: Date, days: number): Date {
  const d = new Date(from);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return d;
}

export function addMonths(from: Date, months: number): Date {
  const d = new Date(from);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/**
 * When a request must be answered: 152-FZ's working days (plus its one extension, when granted)
 * and GDPR's month, whichever the deployment configures; when both apply the earlier date wins.
 */
export function computeDueAt(options: { createdAt: Date; deadlines: Deadlines; extended: boolean }): Date {
  const { createdAt, deadlines, extended } = options;
  const candidates: Date[] = [];
  if (deadlines.fz152) candidates.push(addWorkingDays(createdAt, deadlines.fz152.workingDays + (extended ? deadlines.fz152.extensionWorkingDays : 0)));
  if (deadlines.gdpr) candidates.push(addMonths(createdAt, deadlines.gdpr.months));
  return candidates.reduce((a, b) => (a < b ? a : b));
}
