import { isDeepStrictEqual } from 'node:util';
import type { TestGateway } from '../test/kit/startTestGateway';
import type { BenchResult, BenchSettings, EnforcementFigures } from './BenchResult';
import { ON_SIDE, SUBJECT_QUERY, SUBJECTS_QUERY, emailRef } from './benchQueries';
import { SUBJECTS } from './benchSubjects';
import type { LoadFigures } from './runLoad';
import { runLoad } from './runLoad';
import { startPlainServer } from './startPlainServer';

type Scenario = keyof BenchResult['enforcement'];
interface Side {
  url: string;
  headers: Record<string, string>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function scenarios(): Record<Scenario, { query: string; variables: Record<string, unknown> }> {
  return {
    single: { query: SUBJECT_QUERY, variables: { ref: { email: 'alice@example.com' } } },
    longList: { query: SUBJECT_QUERY, variables: { ref: emailRef(SUBJECTS.longList) } },
    batch100: { query: SUBJECTS_QUERY, variables: { refs: Array.from({ length: 100 }, (_, i) => emailRef(SUBJECTS.batch(i))) } },
  };
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  if (res.status !== 200) throw new Error(`expected 200 from ${url}, got ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res.json();
}

/**
 * The privacy layer's cost: the same query against the gateway (on) and against the same
 * resolvers on a plain Apollo Server (off). Both answers are checked equal and error-free first.
 * Each round runs both sides back to back (off/on, then on/off), so the two runs of a round see
 * about the same background load; the ratio is the median of the rounds' on/off ratios, the other
 * figures the medians of each side's runs. (A shared machine's load moves by more than the privacy
 * layer costs: a ratio of two runs minutes apart measures the neighbours.)
 */
export async function measureEnforcement(gw: TestGateway, settings: BenchSettings, log: (line: string) => void): Promise<BenchResult['enforcement']> {
  const plain = await startPlainServer(gw.gateway.services);
  try {
    const token = await gw.token(ON_SIDE.roles, 'bench-client');
    const on: Side = { url: `${gw.url}/graphql`, headers: { authorization: `Bearer ${token}`, 'x-purpose': ON_SIDE.purpose } };
    const off: Side = { url: plain.url, headers: {} };
    const out = {} as Record<Scenario, EnforcementFigures>;
    for (const [name, scenario] of Object.entries(scenarios()) as Array<[Scenario, { query: string; variables: Record<string, unknown> }]>) {
      const body = JSON.stringify(scenario);
      const [onAnswer, offAnswer] = [await post(on.url, on.headers, body), await post(off.url, off.headers, body)];
      if (onAnswer.errors || offAnswer.errors) throw new Error(`${name}: expected no errors, got ${JSON.stringify(onAnswer.errors ?? offAnswer.errors).slice(0, 300)}`);
      if (!isDeepStrictEqual(onAnswer.data, offAnswer.data)) throw new Error(`${name}: expected both sides to return the same data, got different answers`);
      const load = (side: Side, seconds: number) => runLoad({ ...side, body, seconds, amount: settings.amount, connections: settings.connections });
      if (!settings.quick) {
        await load(off, 1); // warm-up (JIT, caches), not measured
        await load(on, 1);
      }
      const runs: { on: LoadFigures[]; off: LoadFigures[] } = { on: [], off: [] };
      for (let r = 0; r < settings.rounds; r++) {
        const order = r % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const);
        for (const side of order) runs[side].push(await load(side === 'on' ? on : off, settings.seconds));
      }
      const failures = [...runs.on, ...runs.off].reduce((n, f) => n + f.failures, 0);
      if (failures > 0) throw new Error(`${name}: expected every load response to be 200, got ${failures} failures`);
      const ratios = runs.on.map((f, r) => f.rps / (runs.off[r] as LoadFigures).rps);
      out[name] = {
        onRps: round2(median(runs.on.map((f) => f.rps))),
        offRps: round2(median(runs.off.map((f) => f.rps))),
        ratio: round2(median(ratios)),
        onP99Ms: median(runs.on.map((f) => f.p99Ms)),
        offP99Ms: median(runs.off.map((f) => f.p99Ms)),
      };
      log(`enforcement.${name}: on ${out[name].onRps} rps (p99 ${out[name].onP99Ms} ms), off ${out[name].offRps} rps (p99 ${out[name].offP99Ms} ms), ratio ${out[name].ratio} (per round: ${ratios.map(round2).join(', ')})`);
    }
    return out;
  } finally {
    await plain.close();
  }
}
