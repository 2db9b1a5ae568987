import type { ErasePlan, SourceRecord } from '../../src/sources/Connector';
import { checkErasePlan, longestHold } from '../../src/sources/legalHold';

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

/**
 * Which of a subject's payments an erasure keeps, and until when. Pure: the same records and
 * plan give the same answer, so `planErase` and `erase` agree. A payment is retained while any
 * hold over one of its categories (`categories`: those the connector declares for its fields)
 * runs, i.e. createdAt + hold.years is after plan.now; the longest such hold names it.
 */
export function planPaymentErasure(options: { records: readonly SourceRecord[]; plan: ErasePlan; categories: readonly string[] }): PaymentErasure {
  checkErasePlan(options.plan);
  const retained: RetainedPayment[] = [];
  const released: SourceRecord[] = [];
  for (const record of options.records) {
    const held = longestHold({ holds: options.plan.holds, categories: options.categories, createdAt: record.createdAt, now: options.plan.now });
    if (held) retained.push({ record, ...held });
    else released.push(record);
  }
  return { retained, released };
}
