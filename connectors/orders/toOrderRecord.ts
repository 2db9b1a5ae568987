import type { SourceRecord } from '../../src/sources/Connector';
import type { Identity, IdentityType } from '../../src/sources/Identity';
import { normalizeIdentity } from '../../src/sources/Identity';
import type { OrderDocument } from './OrderDocument';
import { IDENTITY_FIELDS } from './OrderDocument';
import { ordersDescriptor } from './ordersDescriptor';

/**
 * An order as the gateway sees it: the `Order` fields, the profile values it carries and the
 * identities it reveals (canonical; a malformed stored value is skipped, not propagated).
 * A depersonalized order reveals nothing and carries no profile values.
 */
export function toOrderRecord(doc: OrderDocument): SourceRecord {
  return {
    id: doc._id,
    source: ordersDescriptor.name,
    collection: 'orders',
    createdAt: doc.createdAt ?? null,
    identities: revealedIdentities(doc),
    restricted: doc.restricted === true,
    profile: { name: doc.name ?? null, email: doc.email ?? null, phone: doc.phone ?? null, address: doc.address ?? null },
    fields: {
      id: doc._id,
      source: ordersDescriptor.name,
      createdAt: doc.createdAt ?? null,
      total: doc.total ?? null,
      items: (doc.items ?? []).map(({ sku, name, quantity, price }) => ({ sku, name, quantity, price })),
      ip: doc.ip ?? null,
      device: doc.device ?? null,
    },
  };
}

export function revealedIdentities(doc: OrderDocument): Identity[] {
  const out: Identity[] = [];
  for (const [type, field] of Object.entries(IDENTITY_FIELDS) as Array<[IdentityType, 'email' | 'phone' | 'customerId']>) {
    const raw = doc[field];
    if (raw === null || raw === undefined) continue;
    const identity = normalizeIdentity(type, raw);
    if (!(identity instanceof Error)) out.push(identity);
  }
  return out;
}
