import type { ErasePlan, EraseResult, SourceRecord } from '../../src/sources/Connector';
import { customerIdsOf, customerOf } from './customerIdsOf';
import type { DeleteCustomerResponse, DepersonalizeResponse } from './ProcessorApi';
import type { ProcessorClient } from './ProcessorClient';
import { processorRequests as requests } from './processorRequests';
import type { PaymentErasure } from './planPaymentErasure';
import { planPaymentErasure } from './planPaymentErasure';
import { collectPayments } from './searchPayments';

export interface ErasePaymentsOptions {
  client: ProcessorClient;
  source: string;
  plan: ErasePlan;
  /** Categories the connector's fields hold: what a hold must cover to keep a payment. */
  categories: readonly string[];
  /** Plan only: what `erase` would do, changing nothing. */
  dryRun: boolean;
}

/** Deletes payments by id. One already gone counts as done, not as deleted now: purges are retried. */
export async function deletePayments(client: ProcessorClient, ids: readonly string[]): Promise<number> {
  let deleted = 0;
  for (const id of ids) if (await client.sendOrNull(requests.deletePayment(id))) deleted++;
  return deleted;
}

/**
 * One customer's erasure. The customer-level call removes the profile and every payment not
 * kept (kept ones stay restricted); a 404 means an earlier run already did, since erasure is
 * retried after crashes. Payments still linked to a customer that is gone, whose hold has
 * ended since, are deleted one by one.
 */
async function eraseCustomer(options: { client: ProcessorClient; customerId: string; erasure: PaymentErasure; action: ErasePlan['action'] }): Promise<{ deleted: number; depersonalized: number }> {
  const { client, customerId } = options;
  const mine = (records: readonly SourceRecord[]) => records.filter((r) => customerOf(r) === customerId).map((r) => r.id);
  const keep = mine(options.erasure.retained.map((r) => r.record));
  if (options.action === 'depersonalize') {
    const done = await client.sendOrNull<DepersonalizeResponse>(requests.depersonalizeCustomer(customerId, keep));
    if (done) return { deleted: 0, depersonalized: done.payments_depersonalized };
  } else {
    const done = await client.sendOrNull<DeleteCustomerResponse>(requests.deleteCustomer(customerId, keep));
    if (done) return { deleted: done.payments_deleted, depersonalized: 0 };
  }
  return { deleted: await deletePayments(client, mine(options.erasure.released)), depersonalized: 0 };
}

/**
 * Plans (and unless `dryRun`, carries out) a subject's erasure at the processor: payments a hold
 * still covers are kept, restricted, and reported with the date their hold ends; the rest are
 * deleted or depersonalized with their customer. The plan reads every payment of the subject,
 * restricted ones included, so a second run sees held payments again and deletes nothing.
 */
export async function erasePayments(options: ErasePaymentsOptions): Promise<EraseResult> {
  const { client, plan } = options;
  const customerIds = customerIdsOf(plan.identities);
  const records = customerIds.length === 0 ? [] : await collectPayments({ client, source: options.source, customerIds, includeRestricted: true, expandCustomer: false });
  const erasure = planPaymentErasure({ records, plan, categories: options.categories });
  const retainedRecords = erasure.retained.map((r) => ({ id: r.record.id, until: r.until, hold: r.hold }));
  const counts = { deleted: 0, depersonalized: 0 };
  if (options.dryRun) counts[plan.action === 'delete' ? 'deleted' : 'depersonalized'] = erasure.released.length;
  else {
    for (const customerId of customerIds) {
      const done = await eraseCustomer({ client, customerId, erasure, action: plan.action });
      counts.deleted += done.deleted;
      counts.depersonalized += done.depersonalized;
    }
  }
  return { ...counts, retained: retainedRecords.length, retainedRecords };
}
