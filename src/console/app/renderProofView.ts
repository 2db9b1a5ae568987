import { graphqlData, GraphQLRefusal } from './api';
import type { ConsoleContext } from './ConsoleContext';
import { h, replace } from './dom';
import { formatDate, shortId } from './format';
import { certificateDocument, erasureTable, renderCertificate } from './renderCertificate';
import type { DsrRequestView, SourceErasure } from './requestFields';
import { fetchRequest } from './trackRequest';

const ERASURES = `query ConsoleErasures { dsrRequests(type: ERASE, status: COMPLETED, first: 50) { edges { node { id subjectId completedAt alreadyErased certificate { sha256 } } } } }`;
const VERIFY = 'query ConsoleVerifyAudit { verifyAuditLog { ok checked firstBrokenSeq firstBrokenId reason } }';
const SOURCE_ERASURE = 'source deleted depersonalized retained retainedUntil retainedUnder completedAt';
const RUNS = `query ConsoleRetentionRuns { retentionRuns(first: 20) { edges { node { id startedAt completedAt sha256 failedSources sources { ${SOURCE_ERASURE} } } } } }`;
const PREVIEW = `query ConsoleRetentionPreview { retentionPreview { ${SOURCE_ERASURE} } }`;

interface RetentionRun {
  id: string;
  startedAt: string;
  completedAt: string | null;
  sha256: string | null;
  failedSources: string[];
  sources: SourceErasure[];
}

/** Proof: erasure certificates and retention acts as documents, and the audit chain's verification. */
export function renderProofView(main: HTMLElement, ctx: ConsoleContext): void {
  const selected = location.hash.split('/')[1] ?? null;
  const list = h('div', { id: 'certificates' }, 'Loading…');
  const doc = h('div', { id: 'document' });
  const verifyResult = h('p', { id: 'audit-result', role: 'status' });
  const runs = h('div', { id: 'retention-runs' });
  const preview = h('div', { id: 'retention-preview' }, 'Loading…');
  replace(
    main,
    h('h1', {}, 'Proof'),
    h('section', { class: 'card no-print', 'aria-labelledby': 'audit-heading' },
      h('h2', { id: 'audit-heading' }, 'Audit log'),
      h('p', {}, 'Every access is one event in a hash chain; verifying recomputes every link.'),
      h('button', { type: 'button', id: 'verify-audit', onclick: () => void verify(ctx, verifyResult) }, 'Verify the audit chain'),
      verifyResult,
    ),
    h('section', { class: 'card no-print', 'aria-labelledby': 'certs-heading' }, h('h2', { id: 'certs-heading' }, 'Erasure certificates'), list),
    doc,
    ctx.schema.hasQuery('retentionRuns') ? h('section', { class: 'card no-print', 'aria-labelledby': 'runs-heading' }, h('h2', { id: 'runs-heading' }, 'Retention acts'), runs) : '',
    ctx.schema.hasQuery('retentionPreview') ? h('section', { class: 'card no-print', 'aria-labelledby': 'preview-heading' }, h('h2', { id: 'preview-heading' }, 'Next retention run'), preview) : '',
  );
  void listErasures(ctx, list, selected);
  if (selected) void showCertificate(ctx, doc, selected);
  if (ctx.schema.hasQuery('retentionRuns')) void listRuns(ctx, runs, doc);
  if (ctx.schema.hasQuery('retentionPreview')) void showPreview(ctx, preview);
}

/** What the clock would destroy now, past each rule's period: a dry run, nothing is written. */
async function showPreview(ctx: ConsoleContext, out: HTMLElement): Promise<void> {
  const { retentionPreview } = await graphqlData<{ retentionPreview: SourceErasure[] }>({ credentials: ctx.credentials(), query: PREVIEW });
  const due = retentionPreview.filter((s) => s.deleted + s.depersonalized + s.retained > 0);
  replace(out, due.length === 0 ? h('p', { class: 'empty' }, 'Nothing is past its retention period.') : erasureTable(due, 'Past its retention period now: what the next run would do'));
}

async function verify(ctx: ConsoleContext, out: HTMLElement): Promise<void> {
  out.textContent = 'Recomputing the chain…';
  const { verifyAuditLog: v } = await graphqlData<{ verifyAuditLog: { ok: boolean; checked: number; firstBrokenSeq: number | null; firstBrokenId: string | null; reason: string | null } }>({ credentials: ctx.credentials(), query: VERIFY });
  out.className = v.ok ? 'ok' : 'error';
  out.textContent = v.ok ? `Intact: ${v.checked} events checked, every hash matches.` : `Broken at event ${v.firstBrokenSeq ?? '?'} (${v.firstBrokenId ?? '?'}): ${v.reason ?? 'hash mismatch'}. ${v.checked} events checked.`;
}

async function listErasures(ctx: ConsoleContext, out: HTMLElement, selected: string | null): Promise<void> {
  try {
    const data = await graphqlData<{ dsrRequests: { edges: Array<{ node: Pick<DsrRequestView, 'id' | 'subjectId' | 'completedAt' | 'alreadyErased'> & { certificate: { sha256: string } | null } }> } }>({ credentials: ctx.credentials(), query: ERASURES });
    const rows = data.dsrRequests.edges.map((e) => e.node);
    if (rows.length === 0) {
      replace(out, h('p', { class: 'empty' }, 'No completed erasure yet.'));
      return;
    }
    replace(out, h('ul', { class: 'cert-list' }, ...rows.map((r) => h('li', {}, h('a', { href: `#proof/${r.id}`, 'aria-current': r.id === selected ? 'true' : null }, `${formatDate(r.completedAt)} · subject ${shortId(r.subjectId)}`), r.certificate ? h('span', { class: 'help' }, ` sha256 ${r.certificate.sha256.slice(0, 12)}…`) : ''))));
  } catch (error) {
    if (!(error instanceof GraphQLRefusal)) throw error;
    replace(out, h('p', { class: 'error' }, `The gateway refused: ${error.message}`));
  }
}

async function showCertificate(ctx: ConsoleContext, out: HTMLElement, id: string): Promise<void> {
  const request = await fetchRequest(ctx, id);
  if (!request?.certificate) {
    replace(out, h('p', { class: 'error' }, `Request ${id} has no certificate.`));
    return;
  }
  replace(out, certificateDocument(request.certificate));
}

async function listRuns(ctx: ConsoleContext, out: HTMLElement, doc: HTMLElement): Promise<void> {
  const data = await graphqlData<{ retentionRuns: { edges: Array<{ node: RetentionRun }> } }>({ credentials: ctx.credentials(), query: RUNS });
  const items = data.retentionRuns.edges.map((e) => e.node);
  if (items.length === 0) {
    replace(out, h('p', { class: 'empty' }, 'No retention run yet.'));
    return;
  }
  const open = (run: RetentionRun) =>
    replace(doc, renderCertificate({ title: 'Retention act', lines: [['Run', run.id], ['Started', formatDate(run.startedAt)], ['Completed', formatDate(run.completedAt)], ['Sources not reached (tried again next run)', run.failedSources.join(', ') || 'none']], sources: run.sources, sha256: run.sha256, hashNote: 'The sha256 is the gateway\'s over this act (id, startedAt, completedAt, sources, failedSources).' }));
  replace(out, h('ul', {}, ...items.map((run) => h('li', {}, h('button', { type: 'button', class: 'link', 'data-run': run.id, onclick: () => open(run) }, `${formatDate(run.startedAt)} · ${run.sources.reduce((n, s) => n + s.deleted + s.depersonalized, 0)} records`)))));
}
