import type { Profile, RectifyResult } from '../../src/sources/Connector';
import type { ProcessorClient } from './ProcessorClient';
import { processorRequests } from './processorRequests';
import { collectPayments } from './searchPayments';

const PROFILE_KEYS: ReadonlyArray<keyof Profile> = ['name', 'email', 'phone', 'address'];

/**
 * Rectification at a source whose records are immutable: a note on each of the subject's
 * payments naming the corrected fields. Field names only: the corrected values are personal
 * data the processor has no need to hold.
 */
export async function annotatePayments(options: { client: ProcessorClient; source: string; customerIds: readonly string[]; changes: Profile }): Promise<RectifyResult> {
  const fields = PROFILE_KEYS.filter((k) => options.changes[k] !== undefined);
  if (fields.length === 0 || options.customerIds.length === 0) return { records: 0, mode: 'none' };
  const note = `Data-subject rectification: ${fields.join(', ')} corrected. Payments are immutable; this record is kept as made.`;
  const payments = await collectPayments({ client: options.client, source: options.source, customerIds: options.customerIds, includeRestricted: true, expandCustomer: false });
  let records = 0;
  // A payment deleted meanwhile (404) needs no note.
  for (const payment of payments) if (await options.client.sendOrNull(processorRequests.addPaymentNote(payment.id, note))) records++;
  return { records, mode: records > 0 ? 'annotate' : 'none' };
}
