import type { EraseResult, ErasePlan } from '../../src/sources/Connector';
import type { SqlClient, SqlQueryable, SqlStatement } from '../../src/sql/SqlClient';
import { planSupportErasure, type ErasureCandidate, type SupportErasure } from './planSupportErasure';
import { supportDescriptor } from './supportDescriptor';
import { hasSupportKeys, supportKeys } from './supportKeys';
import { supportQueries } from './supportQueries';

const categories = [...new Set(Object.values(supportDescriptor.collections[0]!.fields).filter((c): c is string => c !== null))];

/**
 * Plans (dryRun) or carries out a subject's erasure. Carrying out is one transaction: the
 * subject's tickets are locked, re-read and changed together, so a crash leaves all or nothing
 * and a retry re-plans from what is left. Idempotent: once deleted or depersonalized, nothing
 * matches the subject any more and a second run reports zeros (held records, restricted, are
 * reported as retained again).
 */
export async function eraseSupport(options: { sql: SqlClient; plan: ErasePlan; dryRun: boolean }): Promise<EraseResult> {
  const { sql, plan } = options;
  const keys = supportKeys(plan.identities);
  if (!hasSupportKeys(keys)) return planSupportErasure({ candidates: [], plan, categories }).result;
  if (options.dryRun) {
    const candidates = await run<ErasureCandidate>(sql, supportQueries.erasureCandidates({ keys, lock: false }));
    return planSupportErasure({ candidates, plan, categories }).result;
  }
  return sql.transaction(async (tx) => {
    const candidates = await run<ErasureCandidate>(tx, supportQueries.erasureCandidates({ keys, lock: true }));
    const erasure = planSupportErasure({ candidates, plan, categories });
    for (const statement of statementsFor(erasure, plan.now)) await run(tx, statement);
    return erasure.result;
  });
}

function statementsFor(erasure: SupportErasure, now: Date): SqlStatement[] {
  const statements: SqlStatement[] = [];
  if (erasure.deleteTickets.length > 0) statements.push(supportQueries.deleteTickets(erasure.deleteTickets));
  if (erasure.depersonalizeTickets.length > 0) {
    statements.push(supportQueries.eraseCustomerBodies(erasure.depersonalizeTickets));
    statements.push(supportQueries.depersonalizeTickets({ ticketIds: erasure.depersonalizeTickets, at: now }));
  }
  if (erasure.deleteMessages.length > 0) statements.push(supportQueries.deleteMessages(erasure.deleteMessages));
  if (erasure.restrictMessages.length > 0) statements.push(supportQueries.restrictMessages(erasure.restrictMessages));
  if (erasure.restrictTickets.length > 0) statements.push(supportQueries.restrictTickets(erasure.restrictTickets));
  return statements;
}

async function run<R>(on: SqlQueryable, statement: SqlStatement): Promise<R[]> {
  return (await on.query<R>(statement.text, statement.params)).rows;
}
