const DAY = 86_400_000;

/** "2026-12-01 14:05 UTC": dates as an officer reads them, in one zone for everyone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** Whole days until `dueAt` (negative: overdue), counted from `now`. */
export function daysLeft(dueAt: string, now: Date): number {
  return Math.ceil((new Date(dueAt).getTime() - now.getTime()) / DAY);
}

export function daysLeftText(days: number): string {
  if (days < 0) return `${-days} day${days === -1 ? '' : 's'} overdue`;
  if (days === 0) return 'due today';
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** A long id, shortened for a table; the full id stays in the title. */
export const shortId = (id: string | null | undefined): string => (!id ? '—' : id.length > 16 ? `${id.slice(0, 14)}…` : id);

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
