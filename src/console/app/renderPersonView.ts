import type { GraphQLErrorEntry } from './api';
import { graphql, graphqlData, GraphQLRefusal } from './api';
import type { ConsoleContext } from './ConsoleContext';
import { h, replace } from './dom';
import { personHistoryQuery, personQuery } from './personQuery';
import type { PersonData, PersonHistory } from './renderPerson';
import { renderPerson } from './renderPerson';
import { seenAsMask } from './seenAs';

const REF_KINDS = [
  { value: 'email', label: 'email' },
  { value: 'phone', label: 'phone' },
  { value: 'customerId', label: 'customer id' },
] as const;

/**
 * A person: found by email, phone or customer id, shown per source with every field's category,
 * and "seen as" any purpose: called with that purpose when the officer may declare it, else as
 * the gateway's `myAccess(purpose:)` says that purpose would get it.
 */
export function renderPersonView(main: HTMLElement, ctx: ConsoleContext): void {
  const kind = h('select', { id: 'ref-kind' }, ...REF_KINDS.map((k) => h('option', { value: k.value }, k.label)));
  const value = h('input', { id: 'ref-value', type: 'search', required: true, autocomplete: 'off', placeholder: 'alice@example.com' });
  const seenAs = h('select', { id: 'seen-as' }, ...ctx.dataMap.purposes.map((p) => h('option', { value: p.id, selected: p.id === ctx.session.purpose }, p.id)));
  const status = h('p', { role: 'status', id: 'person-status' });
  const result = h('div', { id: 'person' });
  const find = async () => {
    const ref = { [kind.value]: value.value.trim() };
    if (!value.value.trim()) return;
    status.textContent = 'Looking across every source…';
    try {
      const purposeId = seenAs.value;
      const declarable = ctx.declarable.includes(purposeId);
      const query = personQuery(ctx);
      // The officer's own purpose reads everything; another declarable purpose is a real call under it.
      const own = await graphql<PersonData>({ credentials: ctx.credentials(), query, variables: { ref } });
      const seen = purposeId === ctx.session.purpose ? own : declarable ? await graphql<PersonData>({ credentials: ctx.credentials(purposeId), query, variables: { ref } }).catch(refusalAsResult) : null;
      const history = await graphqlData<PersonHistory>({ credentials: ctx.credentials(), query: personHistoryQuery(ctx), variables: { ref } });
      const subject = own.data?.subject;
      if (!subject) {
        replace(result, h('p', { class: 'empty' }, `No source knows ${kind.value} ${ref[kind.value]}.`));
        status.textContent = 'Not found.';
        return;
      }
      const masked = seen ? null : await seenAsMask({ ctx, purposeId, subject });
      const view = seen
        ? { data: seen.data?.subject ?? null, errors: seen.errors, mask: null, simulated: null }
        : { data: subject, errors: [] as GraphQLErrorEntry[], mask: masked?.mask ?? null, simulated: masked?.from ?? 'dataMap' };
      renderPerson(result, { ctx, ref, officerView: subject, view, purposeId, history, refresh: () => void find() });
      status.textContent = `Found ${subject.profile?.name ?? 'the subject'}; shown as ${purposeId} ${view.simulated === 'myAccess' ? 'would get it (from myAccess)' : view.simulated ? 'would get it (from the data map)' : 'gets it (a call under that purpose)'}.`;
    } catch (error) {
      if (!(error instanceof GraphQLRefusal)) throw error;
      status.textContent = `The gateway refused: ${error.message}`;
    }
  };
  seenAs.addEventListener('change', () => void find());
  replace(
    main,
    h('h1', {}, 'A person'),
    h(
      'form',
      { class: 'find', role: 'search', onsubmit: (e) => (e.preventDefault(), void find()) },
      h('label', { for: 'ref-kind' }, 'Find by'),
      kind,
      h('label', { for: 'ref-value', class: 'visually-hidden' }, 'Value'),
      value,
      h('button', { type: 'submit' }, 'Find'),
      h('label', { for: 'seen-as' }, 'Seen as'),
      seenAs,
    ),
    status,
    result,
  );
  value.focus();
  const handed = ctx.handoff.ref;
  ctx.handoff.ref = null;
  const [handedKind, handedValue] = Object.entries(handed ?? {})[0] ?? [];
  if (handedKind && handedValue && REF_KINDS.some((k) => k.value === handedKind)) {
    kind.value = handedKind;
    value.value = handedValue;
    void find();
  }
}

/** A purpose refused whole (OBJECTED, PURPOSE_NOT_ALLOWED…) still renders: as nothing, with its code. */
function refusalAsResult(error: unknown): { data: null; errors: readonly GraphQLErrorEntry[] } {
  if (error instanceof GraphQLRefusal) return { data: null, errors: error.errors };
  throw error;
}
