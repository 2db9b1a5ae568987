import type { Child } from './dom';
import { h } from './dom';
import { formatDate } from './format';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
import type { Mask } from './seenAs';

export interface FieldLabel {
  readonly name: string;
  readonly category: string | null;
}

/** A value a purpose does not get, as a label: why it is withheld. */
export function withheldLabel(code: string): HTMLElement {
  return h('span', { class: `withheld withheld-${code.toLowerCase()}` }, code === 'PSEUDONYM' ? 'pseudonym (psn_…)' : `withheld: ${code}`);
}

/** A category label next to a field's name: every personal field says what kind of data it is. */
export function categoryLabel(category: string | null): HTMLElement {
  return h('span', { class: category ? 'category' : 'category none' }, category ?? 'not personal');
}

/** A field's value as text: nested records (order items) as "key: value" lists. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(valueText).join('; ');
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${valueText(v)}`).join(', ');
  return typeof value === 'string' && ISO_TIME.test(value) ? formatDate(value) : String(value);
}

/**
 * A table of records: one column per field, its category under its name; a cell is its value, or
 * why the purpose does not get it (from the API's error at that path, or the data map's mask).
 */
export function renderRecords(options: { records: ReadonlyArray<Record<string, unknown>>; fields: readonly FieldLabel[]; errorAt: (index: number, field: string) => string | null; mask: Mask | null; caption: string }): HTMLElement {
  const { records, fields, errorAt, mask } = options;
  const head = h('tr', {}, ...fields.map((f) => h('th', { scope: 'col', 'data-category': f.category ?? '' }, f.name, h('br'), categoryLabel(f.category))));
  const rows = records.map((record, i) =>
    h(
      'tr',
      {},
      ...fields.map((f) => {
        const code = errorAt(i, f.name) ?? mask?.(f.category) ?? null;
        const cell: Child = code ? withheldLabel(code) : valueText(record[f.name]);
        return h('td', { 'data-field': f.name }, cell);
      }),
    ),
  );
  return h('table', { class: 'records' }, h('caption', { class: 'visually-hidden' }, options.caption), h('thead', {}, head), h('tbody', {}, ...rows));
}
