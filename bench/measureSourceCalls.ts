import { setTimeout as sleep } from 'node:timers/promises';
import { OFFICER } from '../test/kit/startTestGateway';
import type { BenchResult, BenchSettings, SourceCallFigures } from './BenchResult';
import { SOURCE_IDS_QUERY, emailRef } from './benchQueries';
import type { BenchGateway } from './startBenchGateway';

/**
 * Calls made AT each source for one `subjects` query of 1, 10, 100 and 1 000 refs: the orders
 * store's reads, the helpdesk's SQL statements, the processor's HTTP requests. Batching holds when
 * the counts do not grow with the refs (one call per source per resolution round).
 */
export async function measureSourceCalls(bench: BenchGateway, settings: BenchSettings, log: (line: string) => void): Promise<BenchResult['sourceCalls']> {
  const { gw, counters } = bench;
  const processor = gw.gateway.sources.processor;
  if (!processor) throw new TypeError('expected the embedded demo processor, got an external payments API');
  await settle(bench);
  const out = {} as Record<string, SourceCallFigures>;
  for (const n of settings.refCounts) {
    const refs = Array.from({ length: n }, (_, i) => emailRef(i + 1));
    counters.reset();
    processor.stats.reset();
    const r = await gw.query(SOURCE_IDS_QUERY, { ...OFFICER, variables: { refs } });
    const figures = { orders: counters.orderReads, payments: processor.stats.total(), support: counters.sqlQueries };
    if (r.body.errors || r.body.data?.subjects.length !== n) throw new Error(`sourceCalls ${n}: expected ${n} subjects and no errors, got ${JSON.stringify(r.body.errors ?? r.body.data).slice(0, 300)}`);
    const found = r.body.data.subjects.filter((s: any) => s?.orders?.length && s.payments?.length).length;
    if (found !== n) throw new Error(`sourceCalls ${n}: expected every subject with orders and payments, got ${found}`);
    out[String(n)] = figures;
    log(`sourceCalls.${n}: orders ${figures.orders}, payments ${figures.payments}, support ${figures.support}`);
  }
  return out as BenchResult['sourceCalls'];
}

/** Waits until no source is called for a while: requests a load run left in flight must not be counted. */
async function settle(bench: BenchGateway): Promise<void> {
  for (let quiet = false; !quiet; ) {
    bench.counters.reset();
    await sleep(300);
    quiet = bench.counters.finds.size === 0;
  }
}
