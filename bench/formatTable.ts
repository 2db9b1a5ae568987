import type { BenchResult } from './BenchResult';

const TARGETS = {
  enforcement: 'ratio ≥ 0.8',
  sourceCalls: 'same for 10 and 1000',
  fanout: 'ratio ≤ 1.2',
  erasure: '≥ 50/s, costRatio ≤ 1.2',
  export: '10k − 100 ≤ 50 MB',
};

const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** The figures as a plain-text table (what `npm run bench` prints without --json). */
export function formatTable(r: BenchResult): string {
  const rows: string[][] = [['figure', 'value', 'target']];
  for (const [name, e] of Object.entries(r.enforcement)) {
    rows.push([`enforcement.${name}`, `on ${e.onRps} rps, p99 ${e.onP99Ms} ms; off ${e.offRps} rps, p99 ${e.offP99Ms} ms; ratio ${e.ratio}`, `${TARGETS.enforcement}: ${mark(e.ratio >= 0.8)}`]);
  }
  const calls = Object.entries(r.sourceCalls).map(([n, c]) => `${n}: ${c.orders}/${c.payments}/${c.support}`).join('  ');
  // One ref may find no helpdesk ticket and so skip the reference hop to messages: flat means 10 = 1000.
  const same = JSON.stringify(r.sourceCalls['10']) === JSON.stringify(r.sourceCalls['1000']);
  rows.push(['sourceCalls (orders/payments/support)', calls, `${TARGETS.sourceCalls}: ${mark(same)}`]);
  const f = r.fanout;
  rows.push(['fanout', `${f.rounds} rounds × ${f.injectedMs} ms injected, observed ${f.observedMs} ms, ratio ${f.ratio}`, `${TARGETS.fanout}: ${mark(f.ratio <= 1.2)}`]);
  const e = r.erasure;
  rows.push(['erasure', `${e.subjects} subjects, ${e.perSecond}/s, costRatio ${e.costRatio}`, `${TARGETS.erasure}: ${mark(e.perSecond >= 50 && e.costRatio <= 1.2)}`]);
  const s = r.scale;
  rows.push(['scale (subject lookup p50)', `${s.p50Ms1k} ms at 1 000 subjects, ${s.p50Ms} ms at ${s.subjects} (seeded and up in ${s.seedSeconds} s), ratio ${s.ratio}`, `ratio ≤ 1.3: ${mark(s.ratio <= 1.3)}`]);
  const x = r.export;
  rows.push(['export (peak heap over baseline)', `100 records +${x.peakMb100} MB, 10k records +${x.peakMb10k} MB`, `${TARGETS.export}: ${mark(x.peakMb10k - x.peakMb100 <= 50)}`]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
