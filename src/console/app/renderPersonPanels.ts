import { h } from './dom';
import { formatDate } from './format';

export interface ConsentView {
  purpose: string;
  status: string;
  policyVersion: string;
  grantedAt: string | null;
  withdrawnAt: string | null;
  evidence: string | null;
}

export interface ObjectionView {
  purpose: string;
  status: string;
  objectedAt: string | null;
  withdrawnAt: string | null;
}

export interface DisclosureView {
  recipient: string;
  recipientName: string;
  basis: string;
  purpose: string;
  categories: string[];
  at: string;
  requestId: string;
}

const card = (id: string, title: string, ...body: Array<HTMLElement | string>) => h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...body);

const table = (columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | HTMLElement>>, attrs: ReadonlyArray<Record<string, string>> = []) =>
  h('table', {}, h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, ...rows.map((r, i) => h('tr', attrs[i] ?? {}, ...r.map((c) => h('td', {}, c))))));

/** Consents per purpose: status, when granted or withdrawn, the policy version, the evidence. */
export function consentCard(consents: readonly ConsentView[]): HTMLElement {
  return card(
    'card-consents',
    'Consents',
    consents.length === 0
      ? h('p', { class: 'empty' }, 'No consent recorded.')
      : h('ul', {}, ...consents.map((c) => h('li', { 'data-purpose': c.purpose }, h('strong', {}, c.purpose), ` ${c.status} · granted ${formatDate(c.grantedAt)}${c.withdrawnAt ? ` · withdrawn ${formatDate(c.withdrawnAt)}` : ''} · policy ${c.policyVersion}${c.evidence ? ` · evidence ${c.evidence}` : ''}`))),
  );
}

/** Objections (GDPR art. 21): a purpose on legitimate interest stopped for this person while ACTIVE. */
export function objectionCard(objections: readonly ObjectionView[]): HTMLElement {
  return card(
    'card-objections',
    'Objections',
    objections.length === 0
      ? h('p', { class: 'empty' }, 'No objection recorded.')
      : table(['Purpose', 'Status', 'Objected', 'Withdrawn'], objections.map((o) => [o.purpose, o.status, formatDate(o.objectedAt), formatDate(o.withdrawnAt)]), objections.map((o) => ({ 'data-purpose': o.purpose }))),
  );
}

/** Disclosures (GDPR art. 15(1)(c)): which recipient outside the company received what, when, under which purpose. */
export function disclosureCard(disclosures: readonly DisclosureView[]): HTMLElement {
  return card(
    'card-disclosures',
    'Disclosures',
    disclosures.length === 0
      ? h('p', { class: 'empty' }, 'Nothing disclosed to a recipient.')
      : table(['Recipient', 'Basis', 'Purpose', 'Categories', 'At'], disclosures.map((d) => [d.recipientName, d.basis.replace(/_/g, ' '), d.purpose, d.categories.join(', '), formatDate(d.at)]), disclosures.map((d) => ({ 'data-recipient': d.recipient }))),
  );
}
