import type { GraphQLErrorEntry } from './api';
import type { ConsoleContext } from './ConsoleContext';
import { h, replace } from './dom';
import { formatDate, shortId } from './format';
import { renderActions } from './renderActions';
import { categoryLabel, renderRecords, valueText, withheldLabel } from './renderRecords';
import type { ConsentView, DisclosureView, ObjectionView } from './renderPersonPanels';
import { consentCard, disclosureCard, objectionCard } from './renderPersonPanels';
import type { Mask } from './seenAs';

export interface SubjectData {
  id: string;
  status: string;
  identities: Array<{ type: string; value: string }> | null;
  profile: Record<string, unknown> | null;
  consents: ConsentView[] | null;
  /** Present when the schema has `DataSubject.objections`. */
  objections?: ObjectionView[] | null;
  [field: string]: unknown;
}

export interface PersonData {
  subject: SubjectData | null;
}

export interface PersonHistory {
  dsrRequests: { edges: Array<{ node: { id: string; type: string; status: string; createdAt: string; dueAt: string; completedAt: string | null; overdue: boolean; reason: string | null } }> };
  auditEvents: { edges: Array<{ node: { seq: number; at: string; client: string; purpose: string; operation: string | null; categories: string[]; denied: string[]; outcome: string } }> };
  /** Present when the schema has `Query.disclosures`. */
  disclosures?: DisclosureView[];
}

export interface SeenView {
  data: SubjectData | null;
  errors: readonly GraphQLErrorEntry[];
  mask: Mask | null;
  /** Not a call under the purpose: what it would get, from `myAccess(purpose:)` or (older gateways) the data map. */
  simulated: 'myAccess' | 'dataMap' | null;
}

/** The person as the chosen purpose gets them: a summary, actions, then one card per source. */
export function renderPerson(container: HTMLElement, options: { ctx: ConsoleContext; ref: Record<string, string>; officerView: SubjectData; view: SeenView; purposeId: string; history: PersonHistory; refresh: () => void }): void {
  const { ctx, view, officerView } = options;
  const codes = new Map(view.errors.map((e) => [(e.path ?? []).join('.'), e.extensions?.code ?? 'ERROR']));
  const at = (...path: Array<string | number>) => codes.get(['subject', ...path].join('.')) ?? null;
  const subject = view.data;
  const refused = !subject && view.errors.length > 0 ? view.errors[0]?.extensions?.code ?? 'ERROR' : null;
  const banner = view.simulated
    ? h('p', { class: 'note', id: 'seen-as-note' }, `Your roles may not declare ${options.purposeId}, so the console does not call the API with it: this is what ${view.simulated === 'myAccess' ? 'the gateway\'s myAccess(purpose:) says' : 'the data map (the policy the gateway enforces) says'} that purpose gets.`)
    : h('p', { class: 'note', id: 'seen-as-note' }, `As returned by the gateway to a call declaring ${options.purposeId}.`);
  const summary = h(
    'section',
    { class: 'card summary', 'aria-labelledby': 'person-name' },
    h('h2', { id: 'person-name' }, valueText(officerView.profile?.name ?? 'Unnamed subject')),
    h('p', {}, 'Status ', h('span', { class: `status status-${officerView.status.toLowerCase()}` }, officerView.status), ' · subject id ', h('code', { title: officerView.id }, shortId(officerView.id))),
    refused ? h('p', { class: 'error' }, `${options.purposeId} gets nothing of this person: ${refused}.`) : identityList(ctx, subject, view.mask, at),
  );
  replace(
    container,
    banner,
    summary,
    renderActions({ ctx, ref: options.ref, subject: officerView, refresh: options.refresh }),
    profileCard(ctx, subject, view.mask, at),
    ...sourceCards(ctx, subject, view.mask, at),
    // Consents and objections are the officer's reading: they are what decides the other purposes' gates.
    consentCard(officerView.consents ?? []),
    ctx.schema.hasField('DataSubject', 'objections') ? objectionCard(officerView.objections ?? []) : '',
    options.history.disclosures ? disclosureCard(options.history.disclosures) : '',
    historyCards(options.history),
  );
}

type At = (...path: Array<string | number>) => string | null;

function identityList(ctx: ConsoleContext, subject: SubjectData | null, mask: Mask | null, at: At): HTMLElement {
  const categories = new Map(ctx.dataMap.identities.map((i) => [i.name, i.category]));
  const ids = subject?.identities ?? [];
  return h(
    'ul',
    { class: 'identities', 'aria-label': 'Identities' },
    ...ids.map((id, i) => {
      const category = categories.get(id.type) ?? null;
      const code = at('identities', i, 'value') ?? mask?.(category) ?? null;
      return h('li', {}, h('span', { class: 'id-type' }, id.type), ' ', code ? withheldLabel(code) : h('span', { class: 'id-value' }, id.value), ' ', categoryLabel(category));
    }),
  );
}

function profileCard(ctx: ConsoleContext, subject: SubjectData | null, mask: Mask | null, at: At): HTMLElement {
  const profile = subject?.profile ?? null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'card-profile' },
    h('h2', { id: 'card-profile' }, 'Profile ', h('span', { class: 'source-system' }, 'merged from every source, newest first')),
    h(
      'dl',
      { class: 'profile' },
      ...ctx.dataMap.profile.flatMap((f) => {
        const code = at('profile', f.name) ?? at('profile') ?? mask?.(f.category) ?? null;
        return [h('dt', {}, f.name, ' ', categoryLabel(f.category)), h('dd', { 'data-field': f.name }, code ? withheldLabel(code) : valueText(profile?.[f.name]))];
      }),
    ),
  );
}

function sourceCards(ctx: ConsoleContext, subject: SubjectData | null, mask: Mask | null, at: At): HTMLElement[] {
  return ctx.dataMap.sources
    .filter((s) => s.collections.some((c) => ctx.schema.hasField('DataSubject', c.field)))
    .map((source) => {
      const tables = source.collections.map((c) => {
        const records = subject?.[c.field] as Array<Record<string, unknown>> | null | undefined;
        const fields = [{ name: 'id', category: c.fields.find((f) => f.name === 'id')?.category ?? null }, ...c.fields.filter((f) => f.name !== 'id' && f.name !== 'source')];
        // The lists of a source none of whose categories the purpose reads are withheld whole (CONTRACT §5).
        const listCode = at(c.field) ?? (mask && source.categories.every((cat) => mask(cat) !== null) ? mask(source.categories[0] ?? null) : null);
        const heading = h('h3', {}, c.field, ' ', h('span', { class: 'count' }, listCode ? '' : `${records?.length ?? 0} record(s)`));
        if (listCode) return h('div', { class: 'collection', 'data-field': c.field }, heading, withheldLabel(listCode));
        if (!records || records.length === 0) return h('div', { class: 'collection', 'data-field': c.field }, heading, h('p', { class: 'empty' }, 'No records.'));
        return h('div', { class: 'collection', 'data-field': c.field }, heading, renderRecords({ records, fields, mask, errorAt: (i, f) => at(c.field, i, f), caption: `${c.field} at ${source.name}` }));
      });
      return h('section', { class: 'card source-card', 'data-source': source.name, 'aria-labelledby': `card-${source.name}` }, h('h2', { id: `card-${source.name}` }, source.name, ' ', h('span', { class: 'source-system' }, source.system)), ...tables);
    });
}

function historyCards(history: PersonHistory): HTMLElement {
  const requests = history.dsrRequests.edges.map((e) => e.node);
  const events = history.auditEvents.edges.map((e) => e.node);
  return h(
    'div',
    { class: 'history' },
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'card-requests' },
      h('h2', { id: 'card-requests' }, 'Requests'),
      requests.length === 0
        ? h('p', { class: 'empty' }, 'No request about this person.')
        : h('table', {}, h('thead', {}, h('tr', {}, ...['Type', 'Status', 'Received', 'Due', 'Completed'].map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, ...requests.map((r) => h('tr', { class: r.overdue ? 'overdue' : '' }, h('td', {}, r.type), h('td', {}, r.status), h('td', {}, formatDate(r.createdAt)), h('td', {}, formatDate(r.dueAt)), h('td', {}, formatDate(r.completedAt)))))),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'card-audit' },
      h('h2', { id: 'card-audit' }, 'Audit trail ', h('span', { class: 'source-system' }, 'who read this person, for which purpose (newest first)')),
      events.length === 0
        ? h('p', { class: 'empty' }, 'No access recorded.')
        : h('table', {}, h('thead', {}, h('tr', {}, ...['#', 'At', 'Client', 'Purpose', 'Operation', 'Categories', 'Withheld'].map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, ...events.map((e) => h('tr', {}, h('td', {}, e.seq), h('td', {}, formatDate(e.at)), h('td', {}, e.client), h('td', {}, e.purpose), h('td', {}, e.operation ?? '—'), h('td', {}, e.categories.join(', ')), h('td', {}, e.denied.join(', ') || '—'))))),
    ),
  );
}
