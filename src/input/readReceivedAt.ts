import { badInput } from '../errors';

/** Clocks of the calling systems may run a little ahead of the gateway's. */
const SKEW_MS = 60_000;
const OLDEST_DAYS = 366;

/**
 * When the data subject's request reached the controller (given by the officer or the calling
 * system): the 152-FZ / GDPR deadline counts from it. An ISO 8601 time with its offset, not in
 * the future, and within the last year; left out, the request counts from now.
 */
export function readReceivedAt(raw: unknown, now: Date, at = 'receivedAt'): Date | null {
  if (raw === undefined || raw === null) return null;
  const text = typeof raw === 'string' ? raw : '';
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? new Date(text) : null;
  if (!date || Number.isNaN(date.getTime())) throw badInput(`${at}: expected an ISO 8601 time with its offset, such as 2026-11-30T09:00:00Z, got ${typeof raw === 'string' ? 'a string that is not one' : typeof raw}`);
  if (date.getTime() > now.getTime() + SKEW_MS) throw badInput(`${at}: expected a time that is not in the future, got ${date.toISOString()}`);
  if (date.getTime() < now.getTime() - OLDEST_DAYS * 86_400_000) throw badInput(`${at}: expected a time within the last ${OLDEST_DAYS} days, got ${date.toISOString()}`);
  return date;
}
