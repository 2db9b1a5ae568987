import type { ConsoleContext } from './ConsoleContext';
import { h, replace } from './dom';

/**
 * The data map as a picture: categories (rows) × purposes and sources (columns), from the same
 * object the gateway enforces (Query.dataMap); then each source's retention and recipients.
 */
export function renderDataMapView(main: HTMLElement, ctx: ConsoleContext): void {
  const map = ctx.dataMap;
  const sources = map.sources;
  const cell = (text: string, cls: string, label: string) => h('td', { class: `cell ${cls}`, title: label }, h('span', { class: 'visually-hidden' }, label), h('span', { 'aria-hidden': 'true' }, text));
  const rows = map.categories.map((c) => {
    const purposeCells = map.purposes.map((p) => {
      if (p.categories.includes(c.name)) return cell('●', 'reads', `${p.id} reads ${c.name}`);
      if (p.depersonalized && c.identifier) return cell('ψ', 'pseudonym', `${p.id} gets ${c.name} as a pseudonym`);
      return cell('', 'no', `${p.id} does not read ${c.name}`);
    });
    const sourceCells = sources.map((s) => (s.categories.some((sc) => sc === c.name || sc.startsWith(`${c.name}.`)) ? cell('■', 'holds', `${s.name} holds ${c.name}`) : cell('', 'no', `${s.name} does not hold ${c.name}`)));
    return h('tr', {}, h('th', { scope: 'row' }, h('code', {}, c.name), h('div', { class: 'help' }, c.retention)), ...purposeCells, ...sourceCells);
  });
  const head = h(
    'thead',
    {},
    h('tr', {}, h('td', {}), h('th', { scope: 'colgroup', colspan: map.purposes.length }, 'Purposes (who may read)'), h('th', { scope: 'colgroup', colspan: sources.length }, 'Sources (where it is held)')),
    h('tr', {}, h('th', { scope: 'col' }, 'Category'), ...map.purposes.map((p) => h('th', { scope: 'col', class: 'vertical', title: `${p.id}: ${p.basis.replace(/_/g, ' ')}` }, h('span', {}, p.id), h('div', { class: 'help' }, p.basis.replace(/_/g, ' ')))), ...sources.map((s) => h('th', { scope: 'col', class: 'vertical source-col' }, h('span', {}, s.name)))),
  );
  replace(
    main,
    h('h1', {}, 'Data map'),
    h('p', {}, `Policy version ${map.policyVersion}. The same object the gateway enforces: `, h('code', {}, 'Query.dataMap'), '.'),
    h('p', { class: 'legend' }, h('span', { class: 'cell reads' }, '●'), ' the purpose reads it · ', h('span', { class: 'cell pseudonym' }, 'ψ'), ' only as a keyed pseudonym · ', h('span', { class: 'cell holds' }, '■'), ' the source holds it'),
    h('div', { class: 'matrix-wrap', role: 'region', 'aria-label': 'Data map matrix (scrolls sideways)', tabindex: 0 }, h('table', { class: 'matrix', id: 'data-map-matrix' }, h('caption', {}, 'Categories × purposes × sources'), head, h('tbody', {}, ...rows))),
    h('h2', {}, 'Purposes'),
    h(
      'table',
      { class: 'purposes', id: 'data-map-purposes' },
      h('thead', {}, h('tr', {}, ...['Purpose', 'Legal basis', 'Roles that may declare it', 'Sees blocked subjects', 'Needs consent', 'Identifiers as pseudonyms'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...map.purposes.map((p) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, p.id), h('div', { class: 'help' }, p.description)), h('td', {}, p.basis.replace(/_/g, ' ')), h('td', {}, p.roles.join(', ')), h('td', {}, p.seesBlocked ? 'yes' : 'no'), h('td', {}, p.requiresConsent ? 'yes' : 'no'), h('td', {}, p.depersonalized ? 'yes' : 'no')))),
    ),
    h('h2', {}, 'Sources'),
    h(
      'div',
      { class: 'source-grid' },
      ...sources.map((s) =>
        h(
          'section',
          { class: 'card', 'data-source': s.name, 'aria-labelledby': `map-${s.name}` },
          h('h3', { id: `map-${s.name}` }, s.name, ' ', h('span', { class: 'source-system' }, s.system)),
          h('dl', {},
            h('dt', {}, 'Purposes'), h('dd', {}, s.purposes.join(', ') || 'none'),
            h('dt', {}, 'Recipients'), h('dd', {}, s.recipients.join('; ') || 'none'),
            h('dt', {}, 'Can'), h('dd', {}, s.capabilities.join(', ')),
            h('dt', {}, 'Retention'), h('dd', {}, h('ul', {}, ...s.retention.map((r) => h('li', {}, r)))),
          ),
        ),
      ),
    ),
  );
}
