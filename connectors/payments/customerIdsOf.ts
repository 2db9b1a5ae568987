import type { SourceRecord } from '../../src/sources/Connector';
import type { Identity } from '../../src/sources/Identity';
import { normalizeIdentity } from '../../src/sources/Identity';

/** The processor knows a person by customer id only: the distinct, well-formed ones among `identities`. */
export function customerIdsOf(identities: readonly Identity[]): string[] {
  const ids = identities.flatMap((i) => {
    const id = i.type === 'CUSTOMER_ID' ? normalizeIdentity('CUSTOMER_ID', i.value) : null;
    return id && !(id instanceof Error) ? [id.value] : [];
  });
  return [...new Set(ids)];
}

/** The customer a payment record belongs to; undefined once depersonalized. */
export const customerOf = (record: SourceRecord): string | undefined => record.identities.find((i) => i.type === 'CUSTOMER_ID')?.value;
