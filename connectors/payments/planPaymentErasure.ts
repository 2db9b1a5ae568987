import type { ErasePlan, LegalHold, SourceRecord } from '../../src/sources/Connector';

export interface RetainedPayment {
  readonly record: SourceRecord;
  readonly hold: string;
  /** ISO-8601: when the last hold covering it ends. */
  readonly until: string;
}

export interface PaymentErasure {
  /** Kept under a hold, restricted at the source. */
  readonly retained: RetainedPayment[];
  /** No hold keeps them: deleted or depersonalized, as the plan says. */
  readonly released: SourceRecord[];
}

/** Hierarchical categories: "payment" covers "payment.transaction"; "payment.*" means "payment". */
function overlaps(holdCategory: string, recordCategory: string): boolean {
  const hold = holdCategory.replace(/\.\*$/, '');
  if (hold === '*' || hold === recordCategory) return true;
  // Either way round: a hold on "payment.transaction.amount" still keeps a record holding "payment.transaction".
  return recordCategory.startsWith(`${hold}.`) || hold.startsWith(`${recordCategory}.`);
}

function holdEnd(createdAt: Date, years: number): Date {
  const end = new Date(createdAt);
  if (Number.isInteger(years)) end.setUTCFullYear(end.getUTCFullYear() + years);
  else end.setTime(end.getTime() + years * 365.25 * 86_400_000);
  return end;
}

function checkHold(hold: LegalHold): void {
  if (!Number.isFinite(hold.years) || hold.years <= 0) throw new TypeError(`expected hold "${hold.name}" to last a positive number of years, got ${hold.years}`);
  if (!Array.isArray(hold.categories)) throw new TypeError(`expected hold "${hold.name}" to list categories, got ${typeof hold.categories}`);
}

/**
 * Which of a subject's payments an erasure keeps, and until when. Pure: the same records and
 * plan give the same answer, so `planErase` and `erase` agree. A payment is retained while any
 * hold over one of its categories (`categories`: those the connector declares for its fields)
 * runs, i.e. createdAt + hold.years is after plan.now; the longest such hold names it.
 */
export function planPaymentErasure(options: { records: readonly SourceRecord[]; plan: ErasePlan; categories: readonly string[] }): PaymentErasure {
  options.plan.holds.forEach(checkHold);
  const holds = options.plan.holds.filter((h) => h.categories.some((c) => options.categories.some((r) => overlaps(c, r))));
  const now = options.plan.now.getTime();
  const retained: RetainedPayment[] = [];
  const released: SourceRecord[] = [];
  for (const record of options.records) {
    // Undated records cannot be shown to be past a hold: keep them while any hold applies.
    const created = record.createdAt === null ? options.plan.now : new Date(record.createdAt);
    let longest: { hold: string; end: Date } | undefined;
    for (const hold of holds) {
      const end = holdEnd(created, hold.years);
      if (end.getTime() > now && (!longest || end > longest.end)) longest = { hold: hold.name, end };
    }
    if (longest) retained.push({ record, hold: longest.hold, until: longest.end.toISOString() });
    else released.push(record);
  }
  return { retained, released };
}
