import type { ErasePlan } from '../../src/sources/Connector';
import { checkErasePlan, longestHold } from '../../src/sources/legalHold';
import type { OrderDocument } from './OrderDocument';
import { PROFILE_CATEGORIES, ordersDescriptor } from './ordersDescriptor';

const ORDER_FIELDS = ordersDescriptor.collections[0].fields;

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
  checkErasePlan(plan);
  const out: OrderErasure = { deleteIds: [], depersonalizeIds: [], retained: [] };
  for (const doc of docs) {
    const held = longestHold({ holds: plan.holds, categories: orderCategories(doc), createdAt: doc.createdAt, now: plan.now });
    if (held) out.retained.push({ id: doc._id, ...held });
    else if (plan.action === 'delete') out.deleteIds.push(doc._id);
    else if (doc.depersonalizedAt === undefined) out.depersonalizeIds.push(doc._id);
  }
  return out;
}

/** The data categories of the values an order actually holds. */
export function orderCategories(doc: OrderDocument): string[] {
  const present: Array<[string | null, unknown]> = [
    [ORDER_FIELDS.total, doc.total],
    [ORDER_FIELDS.items, doc.items?.length ? doc.items : null],
    [ORDER_FIELDS.ip, doc.ip],
    [ORDER_FIELDS.device, doc.device],
    ...Object.entries(PROFILE_CATEGORIES).map(([field, category]): [string, unknown] => [category, doc[field as keyof typeof PROFILE_CATEGORIES]]),
  ];
  return present.filter(([category, value]) => category !== null && value !== null && value !== undefined).map(([category]) => category!);
}
