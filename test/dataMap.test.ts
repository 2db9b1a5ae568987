import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SOURCES_FILE } from '../src/config';
import { SOURCE_KINDS } from '../src/sourceKinds';
import { readSourcesFiles } from '../src/sources/declarations/readSourcesFiles';
import { describeSources } from '../src/sources/describeSources';
import type { DataMap } from '../src/policy/buildDataMap';
import { buildDataMap } from '../src/policy/buildDataMap';
import { loadPolicy } from '../src/policy/loadPolicy';
import { basisLabel, escapeHtml, escapeMarkdown, renderDataMapHtml, renderDataMapMarkdown } from '../src/policy/renderDataMap';

/** The rendered records of processing, checked against the shipped policy they are generated from. */
const policy = loadPolicy();
const map = buildDataMap(policy, describeSources({ raw: readSourcesFiles(DEFAULT_SOURCES_FILE, {}), policy, kinds: SOURCE_KINDS }));
const options = { policySource: 'policy/default.yaml' };
const markdown = renderDataMapMarkdown(map, options);
const html = renderDataMapHtml(map, options);

/** The text of one `### …` section of the Markdown, from its heading to the next heading. */
function mdSection(heading: string): string {
  const start = markdown.indexOf(`\n### ${heading}`);
  if (start < 0) throw new Error(`expected a section "### ${heading}", got none`);
  const end = markdown.slice(start + 1).search(/\n##/);
  return markdown.slice(start, end < 0 ? undefined : start + 1 + end);
}

function htmlSection(id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  if (start < 0) throw new Error(`expected <section id="${id}">, got none`);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('data map (Markdown and HTML) against the shipped policy', () => {
  it('names the policy version it was generated from', () => {
    expect(markdown).toContain(`policy version \`${policy.version}\``);
    expect(html).toContain(`policy version <code>${policy.version}</code>`);
  });

  it('gives every purpose its legal basis, roles and categories', () => {
    expect(policy.purposes.size).toBe(8);
    for (const purpose of policy.purposes.values()) {
      const md = mdSection(`\`${purpose.id}\``);
      const roles = [...policy.roles.entries()].filter(([, ps]) => ps.includes(purpose.id)).map(([r]) => r);
      expect(md).toContain(`- **Legal basis:** ${escapeMarkdown(basisLabel(purpose.basis))}`);
      for (const role of roles) expect(md).toContain(`\`${role}\``);
      const section = htmlSection(`purpose-${purpose.id}`);
      expect(section).toContain(`<th scope="row">Legal basis</th><td>${escapeHtml(basisLabel(purpose.basis))}</td>`);
      for (const role of roles) expect(section).toContain(`<code>${role}</code>`);
      for (const category of policy.categories.keys()) {
        const granted = policy.allows(purpose.id, category);
        expect({ purpose: purpose.id, category, shown: md.includes(`\`${category}\``) }).toEqual({ purpose: purpose.id, category, shown: granted });
        expect(section.includes(`<code>${category}</code>`)).toBe(granted);
      }
    }
  });

  it('labels the legal bases of CONTRACT.md §4', () => {
    expect(mdSection('`marketing`')).toContain('consent (GDPR art. 6(1)(a))');
    expect(mdSection('`fraud_prevention`')).toContain('legitimate interest (GDPR art. 6(1)(f))');
    expect(mdSection('`dsr_handling`')).toContain('legal obligation (GDPR art. 6(1)(c))');
    expect(mdSection('`order_fulfillment`')).toContain('contract (GDPR art. 6(1)(b))');
    expect(mdSection('`marketing`')).toContain('only subjects with an active consent');
    expect(mdSection('`analytics`')).toContain('identifiers only as keyed pseudonyms');
  });

  it('lists every category with its retention, in both formats', () => {
    for (const category of policy.categories.values()) {
      const retention = policy.retentionFor(category.name).period;
      expect(markdown).toMatch(new RegExp(`^\\| \`${category.name.replace('.', '\\.')}\` \\| .* \\| ${category.identifier ? 'yes' : 'no'} \\| ${escapeMarkdown(retention).replace(/[\\()]/g, '\\$&')} \\|`, 'm'));
      expect(html).toContain(`<tr><td><code>${category.name}</code></td>`);
    }
  });

  it('lists per source its categories, the purposes that read them with their basis, recipients and retention', () => {
    for (const source of map.sources) {
      const md = mdSection(`\`${source.name}\``);
      for (const category of source.categories) expect(md).toContain(`\`${category}\``);
      for (const id of source.purposes) expect(md).toContain(`  - \`${id}\`: ${escapeMarkdown(basisLabel(policy.purposes.get(id)?.basis ?? ''))}`);
      for (const line of source.retention) expect(md).toContain(`  - ${escapeMarkdown(line)}`);
    }
    expect(mdSection('`orders`')).toContain('- **Recipients outside the company:** none');
  });

  it('shows the payment processor as the payments recipient and the accounting hold', () => {
    const recipient = policy.recipients.get('payments')?.[0] ?? '';
    expect(recipient).toMatch(/processor/i);
    const md = mdSection('`payments`');
    expect(md).toContain(`- **Recipients outside the company:** ${escapeMarkdown(recipient)}`);
    expect(md).toMatch(/legal hold "accounting": 5 years \(Accounting records: 402-FZ/);
    const section = htmlSection('source-payments');
    expect(section).toContain(`<li>${escapeHtml(recipient)}</li>`);
    expect(section).toContain('legal hold &#34;accounting&#34;: 5 years');
  });

  it('escapes text: no markup, tags or table breaks get through from policy text', () => {
    const hostile: DataMap = {
      policyVersion: '1<b>',
      sources: [{ name: 'x', system: '<script>alert(1)</script>', categories: ['a.b'], purposes: ['p'], recipients: ['Evil | Co <img src=x onerror=alert(1)> & "friends"'], retention: ['# not a heading'], capabilities: ['read'], collections: [] }],
      purposes: [{ id: 'p', description: '- not a list *bold* [link](http://x)', basis: 'contract', categories: ['a.b'], roles: ['r'], seesBlocked: false, requiresConsent: false, depersonalized: false }],
      categories: [{ name: 'a.b', description: 'pipe | in\ncell', identifier: false, retention: 'r', sources: ['x'] }],
      profile: [],
      identities: [],
    };
    const h = renderDataMapHtml(hostile, { policySource: '"><script>' });
    expect(h).not.toMatch(/<script>|<img|<b>/);
    expect(h).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(h).toContain('Evil | Co &#60;img src=x onerror=alert(1)&#62; &#38; &#34;friends&#34;');
    const m = renderDataMapMarkdown(hostile, { policySource: 'x' });
    expect(m).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(m).toContain('Evil \\| Co \\<img src=x onerror=alert(1)\\> \\& "friends"');
    expect(m).toContain('  - \\# not a heading');
    expect(m).toContain('\n\\- not a list \\*bold\\* \\[link\\](http://x)\n');
    expect(m).toContain('| `a.b` | pipe \\| in cell | no | r | `x` |');
  });

  it('is what docs/ holds: regenerate with `npm run data-map` after changing the policy or a descriptor', () => {
    const docs = path.join(__dirname, '..', 'docs');
    expect(readFileSync(path.join(docs, 'data-map.md'), 'utf8')).toBe(markdown);
    expect(readFileSync(path.join(docs, 'data-map.html'), 'utf8')).toBe(html);
  });
});
