import type { SqlClient } from '../../src/sql/SqlClient';
import { supportQueries } from './supportQueries';

/**
 * Destroys messages whose hold has ended, by id as `erase` reported them, and the tickets they
 * leave empty (a kept ticket still names the customer). One transaction; idempotent: ids already
 * gone count nothing.
 */
export async function purgeSupportMessages(options: { sql: SqlClient; ids: readonly string[] }): Promise<{ deleted: number }> {
  const { ids } = options;
  if (!Array.isArray(ids)) throw new TypeError(`expected ids to be an array, got ${typeof ids}`);
  const bad = ids.find((id) => typeof id !== 'string' || id === '');
  if (bad !== undefined) throw new TypeError(`expected message ids as non-empty strings, got ${typeof bad === 'string' ? 'an empty string' : typeof bad}`);
  if (ids.length === 0) return { deleted: 0 };
  return options.sql.transaction(async (tx) => {
    const deleteMessages = supportQueries.deleteMessages(ids);
    const { rows, rowCount } = await tx.query<{ ticket_id: string }>(deleteMessages.text, deleteMessages.params);
    const ticketIds = [...new Set(rows.map((row) => row.ticket_id))];
    if (ticketIds.length > 0) {
      const deleteEmpty = supportQueries.deleteEmptyTickets(ticketIds);
      await tx.query(deleteEmpty.text, deleteEmpty.params);
    }
    return { deleted: rowCount };
  });
}
