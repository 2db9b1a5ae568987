import type { SourceRecord, SubjectSelector } from '../../src/sources/Connector';
import type { SqlQueryable } from '../../src/sql/SqlClient';
import { hasSupportKeys, supportKeys } from './supportKeys';
import { supportQueries, type ExportCursor } from './supportQueries';
import { toSupportRecord, type SupportMessageRow } from './toSupportRecord';

/**
 * Every message of the subject, restricted ones and agents' replies included (an access request
 * covers them; the agents' names never), page by page in (created_at, id) order. Keyset paging:
 * each page starts after the last row of the previous one, so memory holds one page and a
 * message written meanwhile shifts nothing.
 */
export async function* exportSupportMessages(options: { sql: SqlQueryable; subject: SubjectSelector; pageSize: number }): AsyncGenerator<SourceRecord> {
  const keys = supportKeys(options.subject.identities);
  if (!hasSupportKeys(keys)) return;
  let after: ExportCursor | null = null;
  for (;;) {
    const statement = supportQueries.exportPage({ keys, after, limit: options.pageSize });
    const { rows } = await options.sql.query<SupportMessageRow & { cursor_at: string }>(statement.text, statement.params);
    for (const row of rows) yield toSupportRecord(row);
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < options.pageSize) return;
    after = { at: last.cursor_at, id: last.id };
  }
}
