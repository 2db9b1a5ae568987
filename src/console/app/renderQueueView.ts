import { graphqlData, GraphQLRefusal } from './api';
import type { ConsoleContext } from './ConsoleContext';
import { h, replace } from './dom';
import { daysLeft, daysLeftText, formatDate, plural, shortId } from './format';
import { openDialog } from './openDialog';
import { idempotencyKey } from './idempotencyKey';
import { renderTasks } from './renderTasks';
import type { DsrRequestView } from './requestFields';
import { isOpen, QUEUE_FIELDS } from './requestFields';
import { subjectHandleSelection, subjectRefOf } from './subjectHandle';

/** The queue's fields, and the way to each request's subject when the gateway offers one. */
const fields = (ctx: ConsoleContext) => `${QUEUE_FIELDS} ${subjectHandleSelection(ctx.schema) ?? ''}`;

const listQuery = (ctx: ConsoleContext) => `query ConsoleQueue($type: DsrType, $status: DsrStatus, $overdue: Boolean) {
  dsrRequests(type: $type, status: $status, overdue: $overdue, first: 50) { edges { node { ${fields(ctx)} } } pageInfo { hasNextPage } }
}`;
// "Open" is two statuses; the API filters by one, so both are asked for in one operation.
const openQuery = (ctx: ConsoleContext) => `query ConsoleOpenQueue($type: DsrType, $overdue: Boolean) {
  pending: dsrRequests(type: $type, status: PENDING, overdue: $overdue, first: 50) { edges { node { ${fields(ctx)} } } pageInfo { hasNextPage } }
  inProgress: dsrRequests(type: $type, status: IN_PROGRESS, overdue: $overdue, first: 50) { edges { node { ${fields(ctx)} } } pageInfo { hasNextPage } }
}`;

type Connection = { edges: Array<{ node: DsrRequestView }>; pageInfo: { hasNextPage: boolean } };

/** The requests queue: what is due, by when, and where each request stands at every source. */
export function renderQueueView(main: HTMLElement, ctx: ConsoleContext): void {
  const status = h('select', { id: 'filter-status' }, h('option', { value: 'open' }, 'open (pending or in progress)'), ...ctx.schema.enumValues('DsrStatus').map((s) => h('option', { value: s }, s)), h('option', { value: 'all' }, 'all'));
  const type = h('select', { id: 'filter-type' }, h('option', { value: '' }, 'any type'), ...ctx.schema.enumValues('DsrType').map((t) => h('option', { value: t }, t)));
  const overdue = h('input', { id: 'filter-overdue', type: 'checkbox' });
  const summary = h('p', { id: 'queue-summary', role: 'status' }, 'Loading…');
  const table = h('div', { id: 'queue' });
  const load = async () => {
    summary.textContent = 'Loading…';
    const variables = { type: type.value || null, overdue: overdue.checked ? true : null };
    try {
      const { requests, more } = await fetchRequests(ctx, status.value, variables);
      renderTable(table, ctx, requests, () => void load());
      const now = new Date();
      const open = requests.filter(isOpen);
      const late = open.filter((r) => r.overdue).length;
      const week = open.filter((r) => !r.overdue && daysLeft(r.dueAt, now) <= 7).length;
      summary.textContent = `${plural(requests.length, 'request')} shown: ${open.length} open, ${late} overdue, ${week} due within 7 days.${more ? ' More match: narrow the filters to see them.' : ''}`;
    } catch (error) {
      if (!(error instanceof GraphQLRefusal)) throw error;
      summary.textContent = `The gateway refused the queue: ${error.message}`;
    }
  };
  for (const control of [status, type, overdue]) control.addEventListener('change', () => void load());
  replace(
    main,
    h('h1', {}, 'Requests'),
    h('form', { class: 'filters', 'aria-label': 'Filters', onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'filter-status' }, 'Status'), status,
      h('label', { for: 'filter-type' }, 'Type'), type,
      h('span', { class: 'check' }, overdue, h('label', { for: 'filter-overdue' }, 'overdue only')),
      h('button', { type: 'button', class: 'secondary', onclick: () => void load() }, 'Refresh'),
    ),
    summary,
    table,
  );
  void load();
}

async function fetchRequests(ctx: ConsoleContext, status: string, variables: Record<string, unknown>): Promise<{ requests: DsrRequestView[]; more: boolean }> {
  const credentials = ctx.credentials();
  let lists: Connection[];
  if (status === 'open') {
    const data = await graphqlData<{ pending: Connection; inProgress: Connection }>({ credentials, query: openQuery(ctx), variables });
    lists = [data.pending, data.inProgress];
  } else {
    const data = await graphqlData<{ dsrRequests: Connection }>({ credentials, query: listQuery(ctx), variables: { ...variables, status: status === 'all' ? null : status } });
    lists = [data.dsrRequests];
  }
  // The queue is about deadlines: the nearest (or longest overdue) first.
  const requests = lists.flatMap((l) => l.edges.map((e) => e.node)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return { requests, more: lists.some((l) => l.pageInfo.hasNextPage) };
}

function renderTable(container: HTMLElement, ctx: ConsoleContext, requests: readonly DsrRequestView[], reload: () => void): void {
  if (requests.length === 0) {
    replace(container, h('p', { class: 'empty' }, 'No request matches these filters.'));
    return;
  }
  const now = new Date();
  const rows = requests.map((r) => {
    const days = daysLeft(r.dueAt, now);
    const canExtend = isOpen(r) && !r.extendedReason && ctx.schema.hasMutation('extendDsrDeadline');
    return h(
      'tr',
      { class: r.overdue ? 'overdue' : '', 'data-request': r.id },
      h('td', {}, r.type),
      h('td', {}, h('code', { title: r.subjectId ?? '' }, shortId(r.subjectId)), openPerson(ctx, r)),
      h('td', {}, formatDate(r.createdAt)),
      h('td', {}, formatDate(r.dueAt), r.extendedReason ? h('div', { class: 'extended' }, `extended: ${r.extendedReason}`) : ''),
      h('td', { class: 'days' }, isOpen(r) ? daysLeftText(days) : '—'),
      h('td', {}, h('span', { class: `status status-${r.status.toLowerCase()}` }, r.status)),
      h('td', {}, renderTasks(r.tasks)),
      h('td', {}, canExtend ? h('button', { type: 'button', class: 'secondary', onclick: () => extend(ctx, r, reload) }, 'Extend deadline') : ''),
    );
  });
  replace(
    container,
    h(
      'table',
      { class: 'queue' },
      h('caption', {}, 'Requests by due date; overdue rows are marked.'),
      h('thead', {}, h('tr', {}, ...['Type', 'Subject', 'Received', 'Due', 'Days left', 'Status', 'Per source', 'Action'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows),
    ),
  );
}

/** A button to the request's subject in the person view, when the gateway says who it is. */
function openPerson(ctx: ConsoleContext, request: DsrRequestView): HTMLElement | '' {
  const ref = subjectRefOf(request);
  if (!ref) return '';
  return h('button', {
    type: 'button',
    class: 'link open-person',
    'aria-label': `Open person: the subject of this ${request.type} request`,
    onclick: () => {
      ctx.handoff.ref = ref;
      location.hash = '#person';
    },
  }, 'Open person');
}

/** 152-FZ art. 20(3): one extension per request, with its reason recorded. */
function extend(ctx: ConsoleContext, request: DsrRequestView, reload: () => void): void {
  const reason = h('textarea', { id: 'extend-reason', rows: 3, required: true });
  // One key per confirmation, when the gateway takes one: a retried click extends once.
  const keyed = ctx.schema.mutationInputHas('extendDsrDeadline', 'idempotencyKey');
  const key = idempotencyKey();
  openDialog({
    title: `Extend the deadline of this ${request.type} request`,
    body: [
      h('p', {}, `Due ${formatDate(request.dueAt)}. The law allows one extension, with a reason the subject is told; it is recorded with the request.`),
      h('label', { for: 'extend-reason' }, 'Reason'),
      reason,
    ],
    confirm: 'Extend deadline',
    onConfirm: async (say) => {
      if (!reason.value.trim()) {
        say('A reason is required.', true);
        return false;
      }
      const data = await graphqlData<{ extendDsrDeadline: { dueAt: string } }>({
        credentials: ctx.credentials(),
        query: keyed
          ? 'mutation ConsoleExtend($id: ID!, $reason: String!, $idempotencyKey: String!) { extendDsrDeadline(input: { id: $id, reason: $reason, idempotencyKey: $idempotencyKey }) { id dueAt extendedReason } }'
          : 'mutation ConsoleExtend($id: ID!, $reason: String!) { extendDsrDeadline(input: { id: $id, reason: $reason }) { id dueAt extendedReason } }',
        variables: { id: request.id, reason: reason.value.trim(), ...(keyed ? { idempotencyKey: key } : {}) },
      });
      say(`Now due ${formatDate(data.extendDsrDeadline.dueAt)}.`, false);
      reload();
      return true;
    },
  });
}
