import { h } from './dom';
import type { RequestTask } from './requestFields';

/** One badge per source: its task's status (and why it failed), as the worker last recorded it. */
export function renderTasks(tasks: readonly RequestTask[]): HTMLElement {
  return h(
    'ul',
    { class: 'tasks' },
    ...tasks.map((t) =>
      h(
        'li',
        { class: `task task-${t.status.toLowerCase()}`, title: t.lastError ?? `${t.action}, ${t.attempts} attempt(s)` },
        h('span', { class: 'task-source' }, t.source),
        ' ',
        h('span', { class: 'task-status' }, t.status),
        t.records !== null && t.records !== undefined ? ` · ${t.records} record${t.records === 1 ? '' : 's'}` : '',
        t.lastError ? h('span', { class: 'task-error' }, ` · ${t.lastError}`) : '',
      ),
    ),
  );
}
