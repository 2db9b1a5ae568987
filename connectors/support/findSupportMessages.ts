import type { SourceRecord } from '../../src/sources/Connector';
import { identityKey, normalizeIdentity, type Identity } from '../../src/sources/Identity';
import type { SqlQueryable } from '../../src/sql/SqlClient';
import { supportQueries } from './supportQueries';
import { toSupportRecord, type SupportMessageRow } from './toSupportRecord';

/**
 * A batch read, DataLoader-style: one entry per key, in key order, same length. At most one SQL
 * statement per call whatever the number of keys. A customer id is not held here ([]); a key
 * that is not a well-formed email or phone gets its own Error instead of failing the batch.
 * A message matching several keys (the customer's email and phone) appears under each.
 */
export async function findSupportMessages(options: { sql: SqlQueryable; keys: readonly Identity[]; includeRestricted: boolean }): Promise<Array<SourceRecord[] | Error>> {
  if (!Array.isArray(options.keys)) throw new TypeError(`expected keys to be an array of identities, got ${typeof options.keys}`);
  const wanted = options.keys.map(canonicalKey);
  const emails = new Set<string>();
  const phones = new Set<string>();
  for (const w of wanted) {
    if (w === null || w instanceof Error) continue;
    (w.type === 'EMAIL' ? emails : phones).add(w.value);
  }
  const groups = new Map<string, SourceRecord[]>();
  if (emails.size > 0 || phones.size > 0) {
    const statement = supportQueries.findMessages({ keys: { emails: [...emails], phones: [...phones] }, includeRestricted: options.includeRestricted });
    const { rows } = await options.sql.query<SupportMessageRow>(statement.text, statement.params);
    for (const row of rows) {
      const record = toSupportRecord(row);
      if (row.customer_email !== null) push(groups, `EMAIL:${row.customer_email}`, record);
      if (row.customer_phone !== null) push(groups, `PHONE:${row.customer_phone}`, record);
    }
  }
  return wanted.map((w) => (w === null ? [] : w instanceof Error ? w : [...(groups.get(identityKey(w)) ?? [])]));
}

function canonicalKey(key: Identity): Identity | Error | null {
  if (key?.type === 'EMAIL' || key?.type === 'PHONE') return normalizeIdentity(key.type, key.value);
  if (key?.type === 'CUSTOMER_ID') return null;
  return new TypeError(`expected an identity of type EMAIL, PHONE or CUSTOMER_ID, got ${key === null || typeof key !== 'object' ? String(key) : JSON.stringify(key.type)}`);
}

function push(groups: Map<string, SourceRecord[]>, key: string, record: SourceRecord): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, [record]);
  else group.push(record);
}
