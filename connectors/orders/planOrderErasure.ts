import type { ErasePlan, LegalHold } from '../../src/sources/Connector';
import type { OrderDocument } from './OrderDocument';
import { PROFILE_CATEGORIES, ordersDescriptor } from './ordersDescriptor';

export interface OrderErasure {
  readonly deleteIds: string[];
  readonly depersonalizeIds: string[];
  /** Kept under a hold (restricted), with the date the longest applicable hold ends. */
  readonly retained: Array<{ id: string; until: string; hold: string }>;
}

/**
 * What an erasure does to each of a subject's orders — pure, so `planErase` and `erase` agree by
 * construction and the rules are tested without a database. An order is retained when a hold
 * covers one of the categories it holds (a hold on "order" covers "order.total") and the order's
 * date plus the hold's years is still ahead of `plan.now`; otherwise it gets `plan.action`.
 * Orders already depersonalized have nothing left to erase unless a `delete` is asked for.
 */
export function planOrderErasure(docs: readonly OrderDocument[], plan: ErasePlan): OrderErasure {
  if (plan.action !== 'delete' && plan.action !== 'depersonalize') {
    throw new TypeError(`expected plan.action "delete" or "depersonalize", got ${JSON.stringify(plan.action)}`);
  }
  const out: OrderErasure = { deleteIds: [], depersonalizeIds: [], retained: [] };
  for (const doc of docs) {
    const held = longestHold(doc, plan);
    if (held) out.retained.push({ id: doc._id, ...held });
    else if (plan.action === 'delete') out.deleteIds.push(doc._id);
    else if (doc.depersonalizedAt === undefined) out.depersonalizeIds.push(doc._id);
  }
  return out;
}

function longestHold(doc: OrderDocument, plan: ErasePlan): { until: string; hold: string } | null {
  const created = Date.parse(doc.createdAt);
  // An undated order cannot be placed inside a hold's period; it is erased like any other.
  if (Number.isNaN(created)) return null;
  const categories = orderCategories(doc);
  let best: { until: Date; hold: LegalHold } | null = null;
  for (const hold of plan.holds) {
    if (!hold.categories.some((held) => categories.some((c) => c === held || c.startsWith(`${held}.`)))) continue;
    const until = addYears(new Date(created), hold.years);
    if (until.getTime() > plan.now.getTime() && (!best || until > best.until)) best = { until, hold };
  }
  return best && { until: best.until.toISOString(), hold: best.hold.name };
}

/** The data categories of the values an order actually holds. */
export function orderCategories(doc: OrderDocument): string[] {
  const present: Array<[string | null, unknown]> = [
    [ordersDescriptor.fields.total, doc.total],
    [ordersDescriptor.fields.items, doc.items?.length ? doc.items : null],
    [ordersDescriptor.fields.ip, doc.ip],
    [ordersDescriptor.fields.device, doc.device],
    ...Object.entries(PROFILE_CATEGORIES).map(([field, category]): [string, unknown] => [category, doc[field as keyof typeof PROFILE_CATEGORIES]]),
  ];
  return present.filter(([category, value]) => category !== null && value !== null && value !== undefined).map(([category]) => category!);
}

/** Calendar arithmetic in UTC, by whole months (a hold of 0.5 years is six months). */
function addYears(date: Date, years: number): Date {
  const next = new Date(date.getTime());
  next.setUTCMonth(next.getUTCMonth() + Math.round(years * 12));
  return next;
}
