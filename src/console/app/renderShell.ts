import type { ConsoleContext } from './ConsoleContext';
import { h, replace } from './dom';
import { formatDate } from './format';
import { renderDataMapView } from './renderDataMapView';
import { renderPersonView } from './renderPersonView';
import { renderProofView } from './renderProofView';
import { renderQueueView } from './renderQueueView';

type View = (main: HTMLElement, ctx: ConsoleContext) => void;

const VIEWS: ReadonlyArray<{ id: string; label: string; render: View }> = [
  { id: 'requests', label: 'Requests', render: renderQueueView },
  { id: 'person', label: 'Person', render: renderPersonView },
  { id: 'proof', label: 'Proof', render: renderProofView },
  { id: 'map', label: 'Data map', render: renderDataMapView },
];

/** The signed-in page: who and with which purpose (always in view), the views, and the current one. */
export function renderShell(root: HTMLElement, options: { ctx: ConsoleContext; onPurpose: (purpose: string) => void; onSignOut: () => void }): void {
  const { ctx } = options;
  const purpose = h(
    'select',
    { id: 'current-purpose', onchange: (e) => options.onPurpose((e.target as HTMLSelectElement).value) },
    ...ctx.declarable.map((id) => h('option', { value: id, selected: id === ctx.session.purpose }, id)),
  );
  const main = h('main', { id: 'view', tabindex: -1 });
  const nav = h('nav', { 'aria-label': 'Views' });
  const show = () => {
    const id = location.hash.slice(1).split('/')[0] || 'requests';
    const view = VIEWS.find((v) => v.id === id) ?? VIEWS[0];
    if (!view) return;
    replace(nav, h('ul', {}, ...VIEWS.map((v) => h('li', {}, h('a', { href: `#${v.id}`, 'aria-current': v.id === view.id ? 'page' : null }, v.label)))));
    replace(main);
    view.render(main, ctx);
  };
  const header = h(
    'header',
    { class: 'banner' },
    h('p', { class: 'brand' }, 'privacy-gateway console'),
    h('div', { class: 'who' }, 'Signed in as ', h('strong', {}, ctx.session.subject), ` (${ctx.session.roles.join(', ')})`, ctx.session.expiresAt ? h('span', { class: 'expires' }, ` · token expires ${formatDate(ctx.session.expiresAt.toISOString())}`) : ''),
    h('div', { class: 'purpose', id: 'purpose-banner' }, h('label', { for: 'current-purpose' }, 'Purpose'), purpose, h('span', { class: 'basis' }, basisOf(ctx))),
    h('button', { type: 'button', class: 'secondary', onclick: options.onSignOut }, 'Sign out'),
  );
  replace(root, header, nav, main);
  window.onhashchange = show;
  show();
}

function basisOf(ctx: ConsoleContext): string {
  const p = ctx.dataMap.purposes.find((x) => x.id === ctx.session.purpose);
  return p ? `every call declares ${p.id} (${p.basis.replace(/_/g, ' ')})` : '';
}
