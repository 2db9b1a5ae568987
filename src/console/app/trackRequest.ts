import { graphqlData } from './api';
import type { ConsoleContext } from './ConsoleContext';
import { h, replace } from './dom';
import { renderTasks } from './renderTasks';
import type { DsrRequestView } from './requestFields';
import { isOpen, REQUEST_FIELDS } from './requestFields';

const POLL_MS = 700;
const FOLLOW = `query ConsoleFollow($id: ID!) { dsrRequest(id: $id) { ${REQUEST_FIELDS} } }`;

/**
 * Follows a request until it is finished: a progress bar over its per-source tasks, each task's
 * status, then `onDone` with the finished request. Stops when `container` leaves the page.
 */
export function trackRequest(options: { ctx: ConsoleContext; request: DsrRequestView; container: HTMLElement; onDone: (request: DsrRequestView) => void }): void {
  const { ctx, container } = options;
  const show = (r: DsrRequestView) => {
    const done = r.tasks.filter((t) => t.status === 'DONE' || t.status === 'SKIPPED').length;
    replace(
      container,
      h('p', { class: 'progress-line' }, h('label', { for: `progress-${r.id}` }, `${r.type} ${r.status}`), ' ', h('progress', { id: `progress-${r.id}`, max: r.tasks.length || 1, value: isOpen(r) ? done : r.tasks.length || 1 }, `${done} of ${r.tasks.length}`), ` ${done} of ${r.tasks.length} sources done`),
      renderTasks(r.tasks),
      r.lastError ? h('p', { class: 'error' }, r.lastError) : '',
    );
  };
  const poll = async (r: DsrRequestView): Promise<void> => {
    show(r);
    if (!isOpen(r)) {
      options.onDone(r);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (!container.isConnected) return;
    const next = await graphqlData<{ dsrRequest: DsrRequestView | null }>({ credentials: ctx.credentials(), query: FOLLOW, variables: { id: r.id } });
    if (next.dsrRequest) await poll(next.dsrRequest);
  };
  void poll(options.request);
}

export async function fetchRequest(ctx: ConsoleContext, id: string): Promise<DsrRequestView | null> {
  return (await graphqlData<{ dsrRequest: DsrRequestView | null }>({ credentials: ctx.credentials(), query: FOLLOW, variables: { id } })).dsrRequest;
}
