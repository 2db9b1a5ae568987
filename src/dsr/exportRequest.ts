import type { Identity } from '../sources/Identity';
import type { DsrLedger } from '../state/DsrLedger';
import type { DsrRequestDoc, DsrTaskDoc } from './DsrRequestDoc';
import type { DsrDeps } from './resolveForDsr';
import type { RetrySettings } from './RetrySettings';
import { taskAfterFailure } from './taskAfterFailure';
import { writeExport } from './writeExport';

/**
 * The act step of an access request: the file, written whole or not at all. Each source's task
 * is recorded as its records are written; a failure leaves the unfinished tasks pending with
 * backoff until the due date allows no more (as an erasure waits), and the file is written
 * again from the start next time. `tasks` are the worker's copies, updated in place.
 */
export async function exportRequest(options: { deps: DsrDeps; ledger: DsrLedger; owner: string; request: DsrRequestDoc; tasks: DsrTaskDoc[]; identities: readonly Identity[]; clock: () => Date; retry: RetrySettings }): Promise<DsrRequestDoc['export']> {
  const { ledger, request, tasks, owner, clock } = options;
  const save = (index: number) => ledger.updateTask(request._id, owner, index, tasks[index] as DsrTaskDoc);
  tasks.forEach((t, i) => {
    if (t.action === 'export') tasks[i] = { ...t, attempts: t.attempts + 1, status: 'IN_PROGRESS', updatedAt: clock().toISOString() };
  });
  try {
    const result = await writeExport({
      deps: options.deps,
      request: { ...request, tasks },
      identities: options.identities,
      onSource: async (source, records) => {
        const index = tasks.findIndex((t) => t.source === source);
        tasks[index] = { ...(tasks[index] as DsrTaskDoc), status: 'DONE', records, lastError: null, notBefore: null, completedAt: clock().toISOString() };
        await save(index);
      },
    });
    await ledger.updateOwned(request._id, owner, { export: result });
    return result;
  } catch (error) {
    tasks.forEach((t, i) => {
      // Written again whole next time: a source already written is written again too.
      if (t.action === 'export') tasks[i] = t.status === 'IN_PROGRESS' || t.status === 'DONE' ? taskAfterFailure({ ...t, status: 'IN_PROGRESS' }, error, { now: clock(), dueAt: request.dueAt, retry: options.retry }) : t;
    });
    await Promise.all(tasks.map((_, i) => save(i)));
    return null;
  }
}
