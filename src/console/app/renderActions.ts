import { graphqlData, GraphQLRefusal } from './api';
import type { ConsoleContext } from './ConsoleContext';
import type { Child } from './dom';
import { h, replace } from './dom';
import { downloadExport } from './downloadExport';
import type { ErasurePlanView } from './erasurePlanLines';
import { erasurePlanLines } from './erasurePlanLines';
import { formatDate } from './format';
import { idempotencyKey } from './idempotencyKey';
import { openDialog } from './openDialog';
import type { ActionKind } from './planLines';
import { planLines } from './planLines';
import type { SubjectData } from './renderPerson';
import type { DsrRequestView } from './requestFields';
import { REQUEST_FIELDS } from './requestFields';
import { trackRequest } from './trackRequest';

interface ActionSpec {
  readonly kind: ActionKind;
  readonly label: string;
  readonly title: string;
  /** The root mutation, and its operation with or without an idempotency key in its input. */
  readonly field: string;
  readonly mutation: (keyed: boolean) => string;
  readonly danger?: boolean;
}

const KEY_VAR = (keyed: boolean) => (keyed ? ', $idempotencyKey: String!' : '');
const KEY_FIELD = (keyed: boolean) => (keyed ? ', idempotencyKey: $idempotencyKey' : '');

const ACTIONS: readonly ActionSpec[] = [
  { kind: 'export', label: 'Export…', title: 'Export everything held about', field: 'exportSubject', mutation: (k) => `mutation ConsoleExport($ref: SubjectRef!${KEY_VAR(k)}) { request: exportSubject(input: { ref: $ref, format: JSON${KEY_FIELD(k)} }) { ${REQUEST_FIELDS} } }` },
  { kind: 'block', label: 'Block…', title: 'Block (restrict) the processing of', field: 'blockSubject', mutation: (k) => `mutation ConsoleBlock($ref: SubjectRef!, $reason: String!${KEY_VAR(k)}) { request: blockSubject(input: { ref: $ref, reason: $reason${KEY_FIELD(k)} }) { ${REQUEST_FIELDS} } }` },
  { kind: 'unblock', label: 'Unblock…', title: 'Lift the block of', field: 'unblockSubject', mutation: (k) => `mutation ConsoleUnblock($ref: SubjectRef!, $reason: String!${KEY_VAR(k)}) { request: unblockSubject(input: { ref: $ref, reason: $reason${KEY_FIELD(k)} }) { ${REQUEST_FIELDS} } }` },
  { kind: 'rectify', label: 'Rectify…', title: 'Correct the profile of', field: 'rectifySubject', mutation: (k) => `mutation ConsoleRectify($ref: SubjectRef!, $changes: ProfileChanges!, $reason: String${KEY_VAR(k)}) { request: rectifySubject(input: { ref: $ref, changes: $changes, reason: $reason${KEY_FIELD(k)} }) { ${REQUEST_FIELDS} } }` },
  { kind: 'erase', label: 'Erase…', title: 'Erase', danger: true, field: 'eraseSubject', mutation: (k) => `mutation ConsoleErase($ref: SubjectRef!, $reason: String${KEY_VAR(k)}) { request: eraseSubject(input: { ref: $ref, reason: $reason${KEY_FIELD(k)} }) { ${REQUEST_FIELDS} } }` },
];

/** The actions on a person, each behind a confirmation that says what happens at every source. */
export function renderActions(options: { ctx: ConsoleContext; ref: Record<string, string>; subject: SubjectData; refresh: () => void }): HTMLElement {
  const { subject } = options;
  const offered = ACTIONS.filter((a) => {
    if (subject.status === 'ERASED') return a.kind === 'export';
    if (a.kind === 'block') return subject.status === 'ACTIVE';
    if (a.kind === 'unblock') return subject.status === 'BLOCKED';
    return true;
  });
  return h(
    'section',
    { class: 'card actions', 'aria-labelledby': 'card-actions' },
    h('h2', { id: 'card-actions' }, 'Actions'),
    h('div', { class: 'action-buttons' }, ...offered.map((a) => h('button', { type: 'button', class: a.danger ? 'danger' : '', 'data-action': a.kind, onclick: () => confirmAction({ ...options, action: a }) }, a.label))),
  );
}

function confirmAction(options: { ctx: ConsoleContext; ref: Record<string, string>; subject: SubjectData; refresh: () => void; action: ActionSpec }): void {
  const { ctx, ref, subject, action } = options;
  const name = typeof subject.profile?.name === 'string' ? subject.profile.name : Object.values(ref)[0] ?? 'this person';
  const sources = ctx.dataMap.sources.filter((s) => s.collections.length > 0);
  const plan = h(
    'ul',
    { class: 'plan' },
    ...sources.map((s) => {
      const records = s.collections.reduce((n, c) => n + ((subject[c.field] as unknown[] | null | undefined)?.length ?? 0), 0);
      return h('li', { 'data-source': s.name }, h('strong', {}, s.name), h('ul', {}, ...planLines({ action: action.kind, source: s, records }).map((line) => h('li', {}, line))));
    }),
  );
  const planNote = h('p', { class: 'help', id: 'plan-from' }, 'From the data map: each source\'s capabilities, retention rules and legal holds.');
  if (action.kind === 'erase' && ctx.schema.hasQuery('erasurePlan')) void showErasurePlan({ ctx, ref, plan, note: planNote });
  const inputs = actionInputs(action.kind);
  // Every action carries a key when the gateway takes one (erasures always have; the others as it adds them).
  const keyed = ctx.schema.mutationInputHas(action.field, 'idempotencyKey');
  const key = idempotencyKey();
  const progress = h('div', { class: 'progress', 'aria-live': 'polite' });
  const body: Child[] = [
    h('p', {}, 'What will happen, per source:'),
    plan,
    planNote,
    ...inputs.elements,
    keyed ? h('p', { class: 'help' }, 'Idempotency key ', h('code', { id: 'idempotency-key' }, key), ': sent with the request, so a retry returns the same request, never a second one.') : '',
    progress,
  ];
  openDialog({
    title: `${action.title} ${name}`,
    body,
    confirm: action.label.replace('…', ''),
    danger: action.danger,
    onConfirm: async (say) => {
      const problem = inputs.problem();
      if (problem) {
        say(problem, true);
        return false;
      }
      const variables = { ref, ...inputs.values(), ...(keyed ? { idempotencyKey: key } : {}) };
      const { request } = await graphqlData<{ request: DsrRequestView }>({ credentials: ctx.credentials(), query: action.mutation(keyed), variables });
      say(`Request ${request.id} recorded.`, false);
      trackRequest({ ctx, request, container: progress, onDone: (done) => finished({ ctx, request: done, progress, refresh: options.refresh }) });
      return true;
    },
  });
}

/**
 * The gateway's dry run of this erasure (`erasurePlan`, the worker's own planning), replacing the
 * data map's generic lines per source; on a refusal the generic lines stay, and say so.
 */
async function showErasurePlan(options: { ctx: ConsoleContext; ref: Record<string, string>; plan: HTMLElement; note: HTMLElement }): Promise<void> {
  const { ctx } = options;
  const type = ctx.schema.fieldType('Query', 'erasurePlan');
  if (!type) return;
  options.note.textContent = 'Asking the gateway for its erasure plan…';
  try {
    const data = await graphqlData<{ erasurePlan: ErasurePlanView | null }>({ credentials: ctx.credentials(), query: `query ConsoleErasurePlan($ref: SubjectRef!) { erasurePlan(subject: $ref) ${ctx.schema.selection(type, 3)} }`, variables: { ref: options.ref } });
    if (!data.erasurePlan) throw new GraphQLRefusal([], 200);
    replace(options.plan, ...erasurePlanLines(data.erasurePlan).map((s) => h('li', { 'data-source': s.source }, h('strong', {}, s.source), h('ul', {}, ...s.lines.map((line) => h('li', {}, line))))));
    options.note.textContent = 'From the gateway\'s erasure plan: a dry run of the planning the erasure itself will do, as of now.';
  } catch (error) {
    if (!(error instanceof GraphQLRefusal)) throw error;
    options.note.textContent = `The gateway gave no erasure plan (${error.message || 'none'}): these lines are from the data map.`;
  }
}

function finished(options: { ctx: ConsoleContext; request: DsrRequestView; progress: HTMLElement; refresh: () => void }): void {
  const { ctx, request, progress } = options;
  const after: Child[] = [h('p', { class: request.status === 'COMPLETED' ? 'ok' : 'error' }, `${request.type} ${request.status} ${formatDate(request.completedAt)}`)];
  if (request.export) {
    const exp = request.export;
    const status = h('span', { role: 'status' });
    after.push(
      h('p', {}, `Export: ${exp.bytes} bytes, sha256 `, h('code', {}, exp.sha256)),
      h('button', {
        type: 'button',
        id: 'download-export',
        onclick: () => {
          downloadExport({ credentials: ctx.credentials(), url: exp.downloadUrl, filename: `${request.id}.json` }).then(
            () => (status.textContent = ' Downloaded.'),
            (error: unknown) => (status.textContent = ` ${error instanceof Error ? error.message : String(error)}`),
          );
        },
      }, 'Download export'),
      status,
    );
  }
  if (request.certificate) after.push(h('p', {}, request.alreadyErased ? 'Already erased: nothing left to do. ' : '', h('a', { href: `#proof/${request.id}`, onclick: () => closeDialogOf(progress) }, 'Open the erasure certificate')));
  after.push(h('button', { type: 'button', class: 'secondary', onclick: () => (closeDialogOf(progress), options.refresh()) }, 'Show the person again'));
  replace(progress, ...Array.from(progress.childNodes), ...after);
}

function closeDialogOf(el: HTMLElement): void {
  el.closest('dialog')?.close();
}

/** The inputs an action asks for, their check and their variables. */
function actionInputs(kind: ActionKind): { elements: Child[]; problem: () => string | null; values: () => Record<string, unknown> } {
  if (kind === 'block' || kind === 'unblock') {
    const reason = h('input', { id: 'action-reason', type: 'text', required: true });
    return { elements: [h('label', { for: 'action-reason' }, 'Reason (recorded with the request)'), reason], problem: () => (reason.value.trim() ? null : 'A reason is required.'), values: () => ({ reason: reason.value.trim() }) };
  }
  if (kind === 'rectify') {
    const fields = ['name', 'email', 'phone', 'address'].map((f) => ({ f, input: h('input', { id: `change-${f}`, type: 'text' }) }));
    const reason = h('input', { id: 'action-reason', type: 'text' });
    const changes = () => Object.fromEntries(fields.filter((x) => x.input.value.trim()).map((x) => [x.f, x.input.value.trim()]));
    return {
      elements: [h('fieldset', {}, h('legend', {}, 'New values (leave empty to keep)'), ...fields.flatMap((x) => [h('label', { for: `change-${x.f}` }, x.f), x.input])), h('label', { for: 'action-reason' }, 'Reason (optional)'), reason],
      problem: () => (Object.keys(changes()).length ? null : 'Enter at least one new value.'),
      values: () => ({ changes: changes(), reason: reason.value.trim() || null }),
    };
  }
  if (kind === 'erase') {
    const reason = h('input', { id: 'action-reason', type: 'text', value: 'erasure requested by the data subject' });
    const ack = h('input', { id: 'erase-ack', type: 'checkbox' });
    return {
      elements: [h('label', { for: 'action-reason' }, 'Reason'), reason, h('p', { class: 'check' }, ack, h('label', { for: 'erase-ack' }, 'I understand that erased records cannot be restored.'))],
      problem: () => (ack.checked ? null : 'Confirm that you understand the erasure cannot be undone.'),
      values: () => ({ reason: reason.value.trim() || null }),
    };
  }
  return { elements: [], problem: () => null, values: () => ({}) };
}
