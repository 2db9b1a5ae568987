import { h } from './dom';
import { formatDate } from './format';
import type { Certificate, SourceErasure } from './requestFields';

/**
 * A destruction act as a document (print-ready: the print stylesheet shows this alone): who,
 * when, per source what was deleted, depersonalized or retained and until when, and the sha256
 * the gateway computed over it.
 */
export function renderCertificate(options: { title: string; lines: Array<[string, string]>; sources: readonly SourceErasure[]; sha256: string | null; hashNote: string }): HTMLElement {
  return h(
    'article',
    { class: 'document printable', 'aria-labelledby': 'document-title' },
    h('h2', { id: 'document-title' }, options.title),
    h('dl', { class: 'document-facts' }, ...options.lines.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    erasureTable(options.sources, 'Per source'),
    h('p', { class: 'hash' }, 'sha256 ', h('code', { id: 'document-sha256' }, options.sha256 ?? '—')),
    h('p', { class: 'help' }, options.hashNote),
    h('button', { type: 'button', class: 'secondary no-print', onclick: () => window.print() }, 'Print'),
  );
}

/** Per source: deleted, depersonalized, retained, until when and under which hold. */
export function erasureTable(sources: readonly SourceErasure[], caption: string): HTMLElement {
  return h(
    'table',
    { class: 'erasure' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...['Source', 'Deleted', 'Depersonalized', 'Retained', 'Retained until', 'Retained under', 'Completed'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...sources.map((s) => h('tr', { 'data-source': s.source }, h('th', { scope: 'row' }, s.source), h('td', {}, s.deleted), h('td', {}, s.depersonalized), h('td', {}, s.retained), h('td', {}, formatDate(s.retainedUntil)), h('td', {}, s.retainedUnder ?? '—'), h('td', {}, formatDate(s.completedAt))))),
  );
}

export function certificateDocument(c: Certificate): HTMLElement {
  return renderCertificate({
    title: 'Certificate of erasure',
    lines: [
      ['Request', c.requestId],
      ['Subject (pseudonymous id)', c.subjectId],
      ['Issued', formatDate(c.issuedAt)],
      ['Verified at every source', formatDate(c.verifiedAt)],
    ],
    sources: c.sources,
    sha256: c.sha256,
    hashNote: 'The sha256 is computed by the gateway over the certificate\'s canonical JSON (keys sorted, every field but sha256): recompute it from dsrRequest(id).certificate to check this document.',
  });
}
